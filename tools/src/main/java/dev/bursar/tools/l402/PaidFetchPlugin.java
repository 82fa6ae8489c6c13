package dev.bursar.tools.l402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.l402.client.L402Exception;
import dev.bursar.l402.client.L402Response;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.BursarTool;
import dev.bursar.tools.PaidFetcher;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolCall;
import dev.bursar.wallet.InvalidInputException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code paid_fetch} tool: GETs an http(s) URL on one of the agent's allowed hosts with its {@link PayingHttpClient},
 * which pays an L402 challenge through the agent's guarded wallet, and returns the status, content type and a bounded
 * text body. A tool argument can lower the price limit for a call, never raise it; the URL's query and the body are
 * never logged.
 */
public final class PaidFetchPlugin implements BursarPlugin {

    public static final String ID = "l402";
    /** The most characters of a response body handed to the model. */
    public static final int MAX_BODY_CHARS = 4_000;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonRawSchema URL = JsonRawSchema.from("""
            {"type": "string", "description": "the http:// or https:// URL to GET", "minLength": 10, "maxLength": 2000,
             "pattern": "^https?://[^\\\\s]+$"}""");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public java.util.Set<Permission> permissions() {
        return java.util.Set.of(Permission.PAID_FETCH);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<BursarTool> tools(AgentContext context) {
        PaidFetcher client = context.paidFetch().orElseThrow(() -> new IllegalArgumentException("plugin " + ID + " needs agent "
                + context.agentId() + "'s L402 client: give the agent a Lightning wallet and an l402 block"));
        ToolSpecification spec = ToolSpecification.builder().name("paid_fetch")
                .description("GET a web API URL, paying its Lightning (L402) price if it asks for one, at most "
                        + client.maxPriceSats() + " sat per request. Returns the status, content type and body.")
                .parameters(JsonObjectSchema.builder()
                        .addProperty("url", URL)
                        .addIntegerProperty("max_sats", "optional: the most to pay for this request in sat, at most "
                                + client.maxPriceSats())
                        .required("url").additionalProperties(false).build())
                .build();
        return List.of(BursarTool.of(spec, Set.of(Permission.PAID_FETCH), call -> fetch(client, call)));
    }

    private static String fetch(PaidFetcher client, ToolCall call) {
        URI uri = uri(call.arguments().get("url").asText());
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!client.allowsHost(host)) {
            throw new InvalidInputException("the host '" + host + "' is not on this agent's allowed hosts for paid_fetch; "
                    + "nothing was requested or paid");
        }
        long max = maxSats(client, call.arguments().get("max_sats"));
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT).header("Accept", "*/*").build();
        } catch (IllegalArgumentException e) {
            // its message repeats the URL, query included: not passed on
            throw new InvalidInputException("url cannot be requested by this client; nothing was requested or paid");
        }
        L402Response result;
        try {
            result = client.fetch(call, request, max);
        } catch (IOException e) {
            throw new L402Exception("the request to " + host + " failed (" + e.getClass().getSimpleName() + "); a token already paid "
                    + "for is kept, so trying again does not pay again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new L402Exception("the request to " + host + " was interrupted; a token already paid for is kept");
        }
        return result(uri, result);
    }

    /** Parses the URL strictly: http or https, a host, no user info; messages never repeat the URL (its query may be secret). */
    private static URI uri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); nothing was requested or paid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("url must start with http:// or https://; nothing was requested or paid");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidInputException("url has no valid host name; nothing was requested or paid");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException("url must not carry a user name or password; nothing was requested or paid");
        }
        if (uri.getRawFragment() != null) {
            String s = uri.toString();
            uri = URI.create(s.substring(0, s.indexOf('#')));
        }
        return uri;
    }

    private static long maxSats(PaidFetcher client, JsonNode argument) {
        if (argument == null || argument.isNull()) {
            return client.maxPriceSats();
        }
        if (!argument.canConvertToLong() || argument.asLong() < 1) {
            throw new InvalidInputException("max_sats must be a whole number of sat, at least 1; nothing was requested or paid");
        }
        if (argument.asLong() > client.maxPriceSats()) {
            throw new InvalidInputException("max_sats " + argument.asLong() + " is above this agent's limit of " + client.maxPriceSats()
                    + " sat per request; it can only lower that limit; nothing was requested or paid");
        }
        return argument.asLong();
    }

    private static String result(URI uri, L402Response result) {
        HttpResponse<byte[]> response = result.response();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        ObjectNode out = JSON.createObjectNode();
        out.put("status", response.statusCode());
        out.put("content_type", contentType);
        String where = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        StringBuilder summary = new StringBuilder("GET ").append(where).append(": HTTP ").append(response.statusCode());
        if (!contentType.isEmpty()) {
            summary.append(" (").append(contentType).append(')');
        }
        result.payment().ifPresentOrElse(p -> {
            out.put("paid_sats", p.sats());
            out.put("payment_hash", p.paymentHash());
            summary.append(", paid ").append(p.sats()).append(" sat (payment hash ").append(p.paymentHash()).append(')');
        }, () -> result.tokenPayment().ifPresentOrElse(t -> {
            out.put("paid_sats", 0);
            out.put("paid_units", t.units());
            out.put("paid_token", t.asset());
            out.put("transaction", t.transaction());
            summary.append(", paid ").append(t.units()).append(" base units of the token ").append(t.asset()).append(" over x402")
                    .append(t.transaction().isEmpty() ? "" : " (transaction " + t.transaction() + ")");
        }, () -> {
            out.put("paid_sats", 0);
            summary.append(", nothing paid");
        }));
        summary.append(". ");
        byte[] bytes = response.body() == null ? new byte[0] : response.body();
        if (bytes.length == 0) {
            out.put("body", "");
            summary.append("The body is empty.");
        } else if (!isText(contentType)) {
            out.put("body", "");
            out.put("body_bytes", bytes.length);
            summary.append("The body is ").append(bytes.length).append(" bytes of binary content, not shown.");
        } else {
            String text = new String(bytes, charset(contentType));
            boolean truncated = text.length() > MAX_BODY_CHARS;
            int cut = truncated && Character.isHighSurrogate(text.charAt(MAX_BODY_CHARS - 1)) ? MAX_BODY_CHARS - 1 : MAX_BODY_CHARS;
            String shown = truncated ? text.substring(0, cut) : text;
            out.put("body", shown);
            out.put("body_truncated", truncated);
            if (truncated) {
                out.put("body_chars", text.length());
                summary.append("Body (first ").append(MAX_BODY_CHARS).append(" of ").append(text.length()).append(" characters): ");
            } else {
                summary.append("Body: ");
            }
            summary.append(shown);
        }
        out.put("summary", summary.toString());
        return out.toString();
    }

    private static boolean isText(String contentType) {
        if (contentType.isEmpty()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json") || type.equals("application/xml")
                || type.endsWith("+xml") || type.equals("application/javascript") || type.equals("application/x-www-form-urlencoded");
    }

    private static Charset charset(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").strip());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
