package dev.bursar.registry.discovery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the registration file an agentURI points at, within bounds: {@code data:application/json} (base64 or
 * percent-encoded) and {@code http(s)://} up to {@link Builder#maxBytes} bytes within {@link Builder#timeout}, with no
 * redirect followed and no private, loopback, link-local or otherwise non-public host unless the builder allows that
 * host by name. {@code ipfs://} is refused (no gateway is configured here).
 *
 * <p>The host check resolves the name before the request; the HTTP client resolves it again, so a DNS answer that
 * changes in between (rebinding) is not caught. Run the indexer where that matters behind an egress proxy.
 */
public final class AgentUriResolver {

    private final int maxBytes;
    private final Duration timeout;
    private final Set<String> allowedPrivateHosts;
    private final HttpClient http;

    private AgentUriResolver(Builder b) {
        this.maxBytes = b.maxBytes;
        this.timeout = b.timeout;
        this.allowedPrivateHosts = Set.copyOf(b.allowedPrivateHosts);
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(b.timeout).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The resolver's bounds. */
    public static final class Builder {
        private int maxBytes = 64 * 1024;
        private Duration timeout = Duration.ofSeconds(5);
        private final Set<String> allowedPrivateHosts = new HashSet<>();

        private Builder() {
        }

        /** The largest registration file accepted (default 64 KiB). */
        public Builder maxBytes(int maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** The longest a fetch may take, connect to last byte (default 5 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Allows a host that resolves to a private, loopback or link-local address (a local devnet such as
         * {@code 127.0.0.1}); compared by name as written in the URI, case-insensitively.
         */
        public Builder allowPrivateHost(String host) {
            allowedPrivateHosts.add(host.toLowerCase(Locale.ROOT));
            return this;
        }

        public AgentUriResolver build() {
            return new AgentUriResolver(this);
        }
    }

    /** The bytes of the file {@code agentUri} points at. */
    public byte[] resolve(String agentUri) {
        if (agentUri == null || agentUri.isBlank()) {
            throw new AgentUriException("the agent has no agentURI: it registered without a registration file");
        }
        String lower = agentUri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return data(agentUri);
        }
        if (lower.startsWith("ipfs://")) {
            throw new AgentUriException("ipfs:// agentURIs are not supported here (no IPFS gateway is configured); the agent's owner"
                    + " can publish the registration file at https:// or as a data:application/json URI");
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return http(agentUri);
        }
        throw new AgentUriException("agentURI '" + abbreviate(agentUri) + "' has an unsupported scheme; expected https://, http:// or"
                + " data:application/json");
    }

    private byte[] data(String uri) {
        int comma = uri.indexOf(',');
        if (comma < 0) {
            throw new AgentUriException("data: agentURI without a comma: expected data:application/json[;base64],<file>");
        }
        String header = uri.substring(5, comma).toLowerCase(Locale.ROOT).replace(" ", "");
        List<String> parts = List.of(header.split(";"));
        if (parts.isEmpty() || !parts.get(0).equals("application/json")) {
            throw new AgentUriException("data: agentURI of type '" + parts.get(0) + "'; a registration file is application/json");
        }
        boolean base64 = parts.contains("base64");
        String body = uri.substring(comma + 1);
        // the encoded form is at least as long as the decoded one (base64 4:3, percent-encoding ≥ 1:1)
        long bound = base64 ? (long) maxBytes * 4 / 3 + 4 : (long) maxBytes * 3;
        if (body.length() > bound) {
            throw tooLarge("the data: agentURI");
        }
        byte[] bytes;
        try {
            bytes = base64 ? Base64.getDecoder().decode(body.strip())
                    : URLDecoder.decode(body.replace("+", "%2B"), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AgentUriException("the data: agentURI is not valid " + (base64 ? "base64" : "percent-encoding") + ": " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw tooLarge("the data: agentURI");
        }
        return bytes;
    }

    private byte[] http(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new AgentUriException("agentURI '" + abbreviate(text) + "' is not a valid URI: " + e.getReason());
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new AgentUriException("agentURI '" + abbreviate(text) + "' has no host");
        }
        if (uri.getUserInfo() != null) {
            throw new AgentUriException("agentURI '" + abbreviate(text) + "' carries user info; registration files are public");
        }
        requirePublic(host);
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET().build(), this::bounded);
        HttpResponse<byte[]> response;
        try {
            response = call.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new AgentUriException("fetching " + abbreviate(text) + " took longer than " + timeout + "; the agent's host is too slow"
                    + " or unreachable");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new AgentUriException("interrupted while fetching " + abbreviate(text), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof AgentUriException refused) {
                    throw new AgentUriException(refused.getMessage(), refused);
                }
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new AgentUriException("fetching " + abbreviate(text) + " took longer than " + timeout, cause);
            }
            throw new AgentUriException("cannot fetch " + abbreviate(text) + " (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + ")", cause);
        }
        return response.body();
    }

    private HttpResponse.BodySubscriber<byte[]> bounded(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status >= 300 && status < 400) {
            return failed(new AgentUriException("the agentURI answered a redirect (" + status + " to "
                    + info.headers().firstValue("Location").map(AgentUriResolver::abbreviate).orElse("nowhere")
                    + "); redirects are not followed: the agent's owner must register the final address"));
        }
        if (status != 200) {
            return failed(new AgentUriException("the agentURI answered HTTP " + status + "; expected 200 with the registration file"));
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            return failed(tooLarge("the agentURI's response (" + declared + " bytes declared)"));
        }
        return new BoundedSubscriber(maxBytes);
    }

    private static HttpResponse.BodySubscriber<byte[]> failed(AgentUriException e) {
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<byte[]> getBody() {
                return CompletableFuture.failedFuture(e);
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                // cancelled in onSubscribe; nothing is kept
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        };
    }

    private AgentUriException tooLarge(String what) {
        return new AgentUriException(what + " is larger than " + maxBytes + " bytes, the most this resolver accepts for a"
                + " registration file");
    }

    /** Collects at most {@code max} bytes; more cancels the download and fails. */
    private final class BoundedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedSubscriber(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (out.size() + buffer.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(tooLarge("the agentURI's response"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }

    private void requirePublic(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowedPrivateHosts.contains(name.toLowerCase(Locale.ROOT)) || allowedPrivateHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new AgentUriException("the agentURI's host '" + host + "' does not resolve; check the agent's registration");
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw new AgentUriException("the agentURI's host '" + host + "' resolves to " + a.getHostAddress() + ", a private, loopback"
                        + " or link-local address; refused (allow it with AgentUriResolver.builder().allowPrivateHost(\"" + name
                        + "\") only for a local devnet)");
            }
        }
    }

    private static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7 unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first != 0 && !(first == 100 && second >= 64 && second < 128) // 100.64/10 carrier-grade NAT
                && !(first == 198 && (second == 18 || second == 19)) && first < 240;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
