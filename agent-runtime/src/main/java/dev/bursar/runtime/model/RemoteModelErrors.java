package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Pattern;

/**
 * Classifies what a LangChain4j provider client threw and turns it into a {@link RemoteModelException} whose message
 * names the model, the endpoint and the fix. The provider's error text is kept (it says which limit or parameter),
 * with the model's key and anything shaped like a key removed; the original exception is not chained, because
 * LangChain4j puts the raw response body, which some providers fill with a partial key, in its message.
 */
final class RemoteModelErrors {

    /** What happened, and whether trying again can help. */
    enum Kind {
        AUTHENTICATION(false), RATE_LIMITED(true), SERVER(true), TIMEOUT(true), UNREACHABLE(true), REJECTED(false),
        OTHER(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        boolean retryable() {
            return retryable;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_LIKE = Pattern.compile("(sk|key)-[A-Za-z0-9*_.\\-]{4,}");
    private static final int MAX_DETAIL = 300;

    private final RemoteModelSpec spec;

    RemoteModelErrors(RemoteModelSpec spec) {
        this.spec = spec;
    }

    static Kind kind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpException h) {
                int s = h.statusCode();
                if (s == 401 || s == 403) {
                    return Kind.AUTHENTICATION;
                }
                if (s == 429) {
                    return Kind.RATE_LIMITED;
                }
                if (s == 408) {
                    return Kind.TIMEOUT;
                }
                return s >= 500 ? Kind.SERVER : Kind.REJECTED;
            }
            if (c instanceof dev.langchain4j.exception.TimeoutException || c instanceof HttpTimeoutException) {
                return Kind.TIMEOUT;
            }
            if (c instanceof ConnectException || c instanceof UnresolvedAddressException
                    || c instanceof UnresolvedModelServerException) {
                return Kind.UNREACHABLE;
            }
            if (c instanceof AnthropicStreamingException a) {
                // Anthropic's in-stream "error" event: overloaded_error and api_error are its 529 and 500
                return switch (String.valueOf(a.type())) {
                    case "rate_limit_error" -> Kind.RATE_LIMITED;
                    case "authentication_error", "permission_error" -> Kind.AUTHENTICATION;
                    case "invalid_request_error", "not_found_error", "request_too_large" -> Kind.REJECTED;
                    default -> Kind.SERVER;
                };
            }
        }
        return t instanceof IOException ? Kind.UNREACHABLE : Kind.OTHER;
    }

    /** The typed error after {@code attempts} tries ended in {@code t}. */
    RemoteModelException translate(Throwable t, int attempts) {
        if (t instanceof RemoteModelException r) {
            return r;
        }
        String where = "model '" + spec.name() + "' (" + spec.provider() + " at " + spec.baseUrl() + ")";
        String tries = attempts == 1 ? "on its only attempt" : "on all " + attempts + " attempts";
        HttpException http = httpCause(t);
        String detail = detail(t, http);
        return switch (kind(t)) {
            case AUTHENTICATION -> new ModelAuthenticationException(spec.name(), where + ": the server rejected the API key from "
                    + spec.apiKey() + status(http) + detail
                    + "; put a valid key for this provider there (not retried)");
            case RATE_LIMITED -> new ModelRateLimitException(spec.name(), where + ": rate-limited (HTTP 429) " + tries + detail
                    + "; wait, send fewer requests or raise the provider's limit");
            case SERVER -> new ModelServerException(spec.name(), where + ": the server failed" + status(http) + " " + tries + detail
                    + "; check the provider's status or try again later");
            case UNREACHABLE -> new ModelServerException(spec.name(), where + ": cannot connect " + tries + detail
                    + "; check that the server runs and base-url is right");
            case TIMEOUT -> new ModelTimeoutException(spec.name(), where + ": no answer within " + spec.timeout().toMillis()
                    + " ms " + tries + "; raise bursar.models." + spec.name() + ".timeout or check the server's load");
            case REJECTED -> new ModelRequestRejectedException(spec.name(), where + ": the request was rejected" + status(http) + detail + "; check model-id '" + spec.modelId() + "' and the model's options");
            case OTHER -> new ModelServerException(spec.name(), where + ": the call failed (" + t.getClass().getSimpleName()
                    + ")" + detail);
        };
    }

    private static String status(HttpException http) {
        return http == null ? "" : " (HTTP " + http.statusCode() + ")";
    }

    private static HttpException httpCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpException h) {
                return h;
            }
        }
        return null;
    }

    /** The provider's error message ({@code error.message}, {@code error} or the body), redacted and shortened. */
    private String detail(Throwable t, HttpException http) {
        String text = http != null ? providerMessage(http.getMessage()) : t.getMessage();
        if (text == null || text.isBlank()) {
            return "";
        }
        String key = resolvedKey();
        if (key != null && !key.isEmpty()) {
            text = text.replace(key, "[redacted]");
        }
        text = KEY_LIKE.matcher(text).replaceAll("[redacted]").strip();
        return ": " + (text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text);
    }

    private static String providerMessage(String body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode error = node.path("error");
            if (error.isTextual()) {
                return error.asText();
            }
            if (error.path("message").isTextual()) {
                return error.path("message").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // a proxy's HTML page or plain text: keep it as it is
        }
        return body;
    }

    private String resolvedKey() {
        try {
            return spec.apiKey().resolve();
        } catch (ModelException unreadable) {
            return null;
        }
    }
}
