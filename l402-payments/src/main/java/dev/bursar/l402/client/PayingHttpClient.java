package dev.bursar.l402.client;

import dev.bursar.l402.header.L402Authorization;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP client an agent pays APIs with, as one chain: allowed hosts → blocked services → credential cache →
 * challenge authenticators (L402 over Lightning, x402 with EIP-3009 tokens; the first that answers a 402 in the
 * configured preference pays) → bounded body. It holds no budget of its own: every payment goes through the agent's
 * guarded wallet, whose policy (caps, budgets, the per-service budget, approvals) and journal decide. A token is bought
 * once per scope for concurrent callers; a scope that answers 402 to a payment just made is blocked until a person
 * clears it; a payment held for approval completes on a later call without paying twice.
 */
public final class PayingHttpClient {

    private static final System.Logger LOG = System.getLogger(PayingHttpClient.class.getName());

    private final HttpClient http;
    private final HostAllowlist hosts;
    private final TokenStore store;
    private final CredentialCache credentials;
    private final List<ChallengeAuthenticator> authenticators;
    private final long maxPriceSats;
    private final long maxResponseBytes;
    private final Map<String, Object> originLocks = new ConcurrentHashMap<>();

    private PayingHttpClient(Builder b, List<ChallengeAuthenticator> authenticators) {
        this.http = b.http;
        this.hosts = b.hosts;
        this.store = b.store;
        this.credentials = new CredentialCache(b.store);
        this.authenticators = List.copyOf(authenticators);
        this.maxPriceSats = b.maxPriceSats;
        this.maxResponseBytes = b.maxResponseBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sends {@code request}, paying for access if the server asks; the response of the paid retry is returned. */
    public HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return fetch(request, maxPriceSats).response();
    }

    /**
     * Sends {@code request} like {@link #send}, paying at most {@code maxPriceSats} over Lightning (never more than this
     * client's own maximum; x402 has its per-token limits), and says what this call paid, if anything.
     *
     * @throws L402Exception before any request if the host is not allowed, or when a payment is refused or fails
     */
    public L402Response fetch(HttpRequest request, long maxPriceSats) throws IOException, InterruptedException {
        hosts.check(request.uri());
        long limit = Math.min(maxPriceSats, this.maxPriceSats);
        String scope = scope(request.uri());
        Optional<String> block = store.blocked(scope);
        if (block.isPresent()) {
            throw new L402ServiceBlockedException(scope, block.get());
        }
        Optional<L402Authorization> completed = completeHeld(request.uri(), scope);
        Optional<L402Authorization> token = completed.isPresent() ? completed : credentials.get(scope);
        HttpResponse<byte[]> response = exchange(authorized(request, token));
        if (response.statusCode() != 402) {
            return new L402Response(response, Optional.empty());
        }
        if (completed.isPresent()) {
            // the token a person's approved payment just bought: refused, so this service is paid nothing more
            credentials.forget(scope);
            throw blocked(scope, "answered 402 to the token its approved payment had just bought");
        }
        ChallengeAuthenticator scheme = schemeFor(request.uri(), response);
        if (!scheme.sellsReusableTokens()) {
            return payOnce(request, response, scheme, scope, limit);
        }
        synchronized (originLocks.computeIfAbsent(origin(request.uri()), k -> new Object())) {
            Optional<L402Authorization> current = credentials.get(scope);
            if (current.isPresent() && !current.equals(token)) {
                // another request paid while this one waited: use its token instead of paying again
                response = exchange(authorized(request, current));
                if (response.statusCode() != 402) {
                    return new L402Response(response, Optional.empty());
                }
                token = current;
            }
            Optional<L402Authorization> settledMeanwhile = completeHeld(request.uri(), scope);
            if (settledMeanwhile.isPresent()) {
                // a payment another call left held settled while this one waited: its token, not a second payment
                response = exchange(authorized(request, settledMeanwhile));
                if (response.statusCode() != 402) {
                    return new L402Response(response, Optional.empty());
                }
                credentials.forget(scope);
                throw blocked(scope, "answered 402 to the token its approved payment had just bought");
            }
            if (token.isPresent()) {
                LOG.log(Level.INFO, "paid-http scope={0} cached token refused with 402; paying once more", scope);
                credentials.forget(scope);
            }
            ChallengeAuthenticator.Payment payment = scheme.pay(request, response, scope, limit);
            payment.reusableToken().ifPresent(t -> credentials.put(scope, t));
            response = exchange(with(request, payment));
            if (response.statusCode() == 402) {
                credentials.forget(scope);
                throw blocked(scope, payment.describe());
            }
            return payment.respond(response);
        }
    }

    /**
     * Pays a challenge whose payment buys one response (x402's exact scheme): sent once more byte for byte if the
     * connection fails, never paid twice.
     */
    private L402Response payOnce(HttpRequest request, HttpResponse<byte[]> challenge, ChallengeAuthenticator scheme, String scope, long limit)
            throws IOException, InterruptedException {
        ChallengeAuthenticator.Payment payment = scheme.pay(request, challenge, scope, limit);
        HttpRequest paid = with(request, payment);
        HttpResponse<byte[]> response;
        try {
            try {
                response = exchange(paid);
            } catch (IOException sentOrNot) {
                LOG.log(Level.INFO, "paid-http scope={0} connection failed after paying; sending the same payment once more", scope);
                response = exchange(paid);
            }
        } catch (IOException | ResponseTooLargeException lost) {
            // the payment may have been used and its answer is lost: another call would pay again, so a person decides
            throw blocked(scope, "its answer to a payment was lost (" + lost.getMessage() + "); " + payment.describe());
        }
        if (response.statusCode() == 402) {
            throw blocked(scope, payment.describe());
        }
        return payment.respond(response);
    }

    /**
     * The token of a purchase held for {@code scope} whose payment has settled, stored for later calls; throws
     * {@link L402PaymentHeldException} while one still waits, so a second payment is never started beside it.
     */
    private Optional<L402Authorization> completeHeld(URI uri, String scope) {
        if (store.held(scope).isEmpty()) {
            return Optional.empty();
        }
        // under the origin's lock: a purchase this process is making right now is finished, not judged half-way
        synchronized (originLocks.computeIfAbsent(origin(uri), k -> new Object())) {
            for (ChallengeAuthenticator a : authenticators) {
                Optional<L402Authorization> token = a.completeHeld(scope);
                if (token.isPresent()) {
                    credentials.put(scope, token.get());
                    return token;
                }
            }
            return Optional.empty();
        }
    }

    private ChallengeAuthenticator schemeFor(URI uri, HttpResponse<byte[]> challenge) {
        for (ChallengeAuthenticator a : authenticators) {
            if (a.answers(challenge)) {
                return a;
            }
        }
        throw new L402Exception(uri.getHost() + " answered 402 without a challenge this client can pay (it pays "
                + authenticators.stream().map(ChallengeAuthenticator::scheme).toList() + "); nothing was paid");
    }

    private L402ServiceBlockedException blocked(String scope, String reason) {
        store.block(scope, reason);
        LOG.log(Level.WARNING, "paid-http scope={0} refused a payment just made; blocked until a person clears it", scope);
        return new L402ServiceBlockedException(scope, reason);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, BoundedBody.handler(maxResponseBytes));
        } catch (IOException e) {
            if (e instanceof BoundedBody.TooLargeException || e.getCause() instanceof BoundedBody.TooLargeException) {
                throw new ResponseTooLargeException("the response from " + request.uri().getHost() + " is larger than this client's limit of "
                        + maxResponseBytes + " bytes; it was not read (an L402 token already paid for is kept)");
            }
            throw e;
        }
    }

    /** The most one request may cost over Lightning, in sat. */
    public long maxPriceSats() {
        return maxPriceSats;
    }

    /**
     * Clears the block on the scope of {@code uri} (origin and first path segment) after a person checked why it
     * refused a paid token; returns whether it was blocked. The agent never calls this itself.
     */
    public boolean clearBlock(URI uri) {
        return store.unblock(scope(uri));
    }

    /** The services this client refuses to pay until a person clears them: scope (origin and first path segment) and why. */
    public Map<String, String> blockedServices() {
        return store.blocks();
    }

    /** Whether requests to {@code host} may be sent (every host, unless allowed hosts were set). */
    public boolean allowsHost(String host) {
        return hosts.allows(host);
    }

    private static HttpRequest authorized(HttpRequest request, Optional<L402Authorization> token) {
        return token.isEmpty() ? request : replacing(request, "Authorization", token.get().headerValue());
    }

    private static HttpRequest with(HttpRequest request, ChallengeAuthenticator.Payment payment) {
        return replacing(request, payment.header(), payment.value());
    }

    private static HttpRequest replacing(HttpRequest request, String header, String value) {
        return HttpRequest.newBuilder(request, (name, v) -> !name.equalsIgnoreCase(header)).header(header, value).build();
    }

    /**
     * Tokens, holds and blocks are kept per origin and first path segment, which is how Aperture maps paths to
     * services; the path is normalised first (dot segments, repeated slashes, percent-escapes), so another spelling of
     * the same service is the same scope.
     */
    static String scope(URI uri) {
        String path = uri.normalize().getPath();
        path = path == null ? "" : path.replaceAll("/+", "/");
        String first = path.replaceFirst("^/", "").split("/", 2)[0];
        return origin(uri) + "/" + java.net.URLEncoder.encode(first, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A response above the size limit: not read. */
    private static final class ResponseTooLargeException extends L402Exception {
        ResponseTooLargeException(String message) {
            super(message);
        }
    }

    /** {@code scheme://host:port}, lower case, with the default port made explicit. */
    public static String origin(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Configures a {@link PayingHttpClient}. */
    public static final class Builder {
        private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private InvoicePayer payer;
        private TokenStore store;
        private long maxPriceSats = 1_000;
        private Clock clock = Clock.systemUTC();
        private HostAllowlist hosts = HostAllowlist.any();
        private long maxResponseBytes = 16L << 20;
        private ChallengeAuthenticator x402;
        private boolean preferX402;
        private final List<ChallengeAuthenticator> extra = new ArrayList<>();

        private Builder() {
        }

        /** Only these host names (compared without case) may be requested; any other is refused before sending. */
        public Builder allowedHosts(Collection<String> hosts) {
            this.hosts = HostAllowlist.of(hosts);
            return this;
        }

        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /** Pays L402 challenges over Lightning through {@code payer} (the agent's guarded wallet). */
        public Builder payer(InvoicePayer payer) {
            this.payer = payer;
            return this;
        }

        public Builder tokenStore(TokenStore store) {
            this.store = store;
            return this;
        }

        /** The most one request may cost over Lightning (default 1000 sat, like lnget). */
        public Builder maxPriceSats(long sats) {
            if (sats <= 0) {
                throw new IllegalArgumentException("the maximum price must be positive");
            }
            this.maxPriceSats = sats;
            return this;
        }

        /** The largest response body read into memory (default 16 MiB); a larger one is an error, not a truncation. */
        public Builder maxResponseBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("the response size limit must be positive");
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Pays x402 challenges too, through {@code x402}; when a server offers both rails, {@code preferX402} decides
         * (false: Lightning first).
         */
        public Builder x402(ChallengeAuthenticator x402, boolean preferX402) {
            this.x402 = java.util.Objects.requireNonNull(x402, "x402");
            this.preferX402 = preferX402;
            return this;
        }

        /** One more payment scheme, tried after L402 and x402. */
        public Builder authenticator(ChallengeAuthenticator scheme) {
            extra.add(java.util.Objects.requireNonNull(scheme, "scheme"));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public PayingHttpClient build() {
            if (store == null) {
                throw new IllegalArgumentException("a paying client needs a TokenStore, so paid tokens survive a restart");
            }
            List<ChallengeAuthenticator> chain = new ArrayList<>();
            if (payer != null) {
                chain.add(new L402Authenticator(payer, store, clock));
            }
            if (x402 != null) {
                chain.add(preferX402 ? 0 : chain.size(), x402);
            }
            chain.addAll(extra);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a paying client needs an InvoicePayer (L402) or an x402 authenticator, both through the agent's guarded wallet");
            }
            return new PayingHttpClient(this, chain);
        }
    }
}
