package dev.bursar.l402.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bursar.l402.header.ChallengeParser;
import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.header.L402Challenge;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.l402.macaroon.L402Identifier;
import dev.bursar.l402.macaroon.MacaroonFormatException;
import dev.bursar.l402.x402.PaymentRequired;
import dev.bursar.l402.x402.X402Authenticator;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP client that pays for metered APIs over L402 (Lightning) and, when configured, x402 (EIP-3009 on an EVM
 * chain, see {@link X402Authenticator}). For L402: on 402 it parses the challenge, checks that the macaroon's payment
 * hash is the invoice's, that the price is within the per-request maximum and the host's budget, pays through the
 * agent's {@link InvoicePayer} (so policy and journal apply), caches the token and retries. A cached token that meets a
 * 402 is paid for again at most once; concurrent requests to one origin share one payment. A scope that answers 402
 * to a token just paid for is blocked until a person clears it; an expired invoice is refused unpaid; a payment held for
 * approval (or in flight) keeps its challenge, and the next call after it settles uses the token it bought, so nothing
 * is paid twice, across restarts too; every host has a
 * budget (ten maximum prices a day unless set). With allowed hosts set, any other host is refused before a request is
 * sent.
 */
public final class L402Client {

    private static final System.Logger LOG = System.getLogger(L402Client.class.getName());

    private final HttpClient http;
    private final InvoicePayer payer;
    private final TokenStore store;
    private final long maxPriceSats;
    private final long hostBudgetSats;
    private final Duration hostBudgetWindow;
    private final Clock clock;
    private final Set<String> allowedHosts;
    private final long maxResponseBytes;
    private final X402Authenticator x402;
    private final boolean preferX402;
    private final Cache<String, L402Authorization> cache = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Map<String, Object> originLocks = new ConcurrentHashMap<>();
    private final Map<String, Deque<Spend>> spentPerHost = new ConcurrentHashMap<>();

    private L402Client(Builder b) {
        this.http = b.http;
        this.payer = b.payer;
        this.store = b.store;
        this.maxPriceSats = b.maxPriceSats;
        this.hostBudgetSats = b.hostBudgetSats;
        this.hostBudgetWindow = b.hostBudgetWindow;
        this.clock = b.clock;
        this.allowedHosts = b.allowedHosts;
        this.maxResponseBytes = b.maxResponseBytes;
        this.x402 = b.x402;
        this.preferX402 = b.preferX402;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sends {@code request}, paying for access if the server asks; the response of the paid retry is returned. */
    public HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return fetch(request, maxPriceSats).response();
    }

    /**
     * Sends {@code request} like {@link #send}, paying at most {@code maxPriceSats} (never more than this client's own
     * maximum), and says what this call paid, if anything.
     *
     * @throws L402Exception before any request if the host is not allowed, or when a payment is refused or fails
     */
    public L402Response fetch(HttpRequest request, long maxPriceSats) throws IOException, InterruptedException {
        String host = request.uri().getHost() == null ? "" : request.uri().getHost().toLowerCase(Locale.ROOT);
        if (!allowsHost(host)) {
            throw new L402Exception("the host '" + host + "' is not on the allowed hosts " + allowedHosts
                    + "; nothing was requested or paid");
        }
        long limit = Math.min(maxPriceSats, this.maxPriceSats);
        String scope = scope(request.uri());
        Optional<String> block = store.blocked(scope);
        if (block.isPresent()) {
            throw new L402ServiceBlockedException(scope, block.get());
        }
        Optional<HeldPurchase> held = store.held(scope);
        if (held.isPresent() && payer != null) {
            completeHeld(request.uri(), scope, held.get());
        }
        Optional<L402Authorization> token = cached(scope);
        HttpResponse<byte[]> response = exchange(authorized(request, token));
        if (response.statusCode() != 402) {
            return new L402Response(response, Optional.empty());
        }
        if (x402 != null && PaymentRequired.presentIn(response)
                && (preferX402 || response.headers().allValues("WWW-Authenticate").isEmpty())) {
            return payX402(request, response, scope);
        }
        synchronized (originLocks.computeIfAbsent(origin(request.uri()), k -> new Object())) {
            Optional<L402Authorization> current = cached(scope);
            if (current.isPresent() && !current.equals(token)) {
                // another request paid while this one waited: use its token instead of paying again
                response = exchange(authorized(request, current));
                if (response.statusCode() != 402) {
                    return new L402Response(response, Optional.empty());
                }
                token = current;
            }
            if (token.isPresent()) {
                LOG.log(Level.INFO, "l402 scope={0} cached token refused with 402; paying once more", scope);
                forget(scope);
            }
            Paid payment = payFor(request.uri(), scope, response, limit);
            L402Authorization paid = payment.token();
            cache.put(scope, paid);
            store.put(scope, paid);
            response = exchange(authorized(request, Optional.of(paid)));
            if (response.statusCode() == 402) {
                forget(scope);
                String reason = "answered 402 to a token paid for at " + clock.instant() + " (" + payment.payment().sats()
                        + " sat, payment hash " + payment.payment().paymentHash() + ")";
                store.block(scope, reason);
                LOG.log(Level.WARNING, "l402 scope={0} refused a paid token; blocked until a person clears it", scope);
                throw new L402ServiceBlockedException(scope, reason);
            }
            return new L402Response(response, Optional.of(payment.payment()));
        }
    }

    /**
     * Pays an x402 challenge: one signed authorization per request (x402's exact scheme sells one response), sent once
     * more byte for byte if the connection fails, never signed twice.
     */
    private L402Response payX402(HttpRequest request, HttpResponse<byte[]> challenged, String scope) throws IOException, InterruptedException {
        PaymentRequired challenge = PaymentRequired.from(challenged);
        X402Authenticator.Prepared prepared = x402.prepare(request, challenge, "x402 access to " + origin(request.uri()));
        HttpRequest paid = HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(prepared.header()))
                .header(prepared.header(), prepared.value()).build();
        HttpResponse<byte[]> response;
        try {
            response = exchange(paid);
        } catch (IOException sentOrNot) {
            LOG.log(Level.INFO, "x402 scope={0} payment={1} connection failed; sending the same authorization once more",
                    scope, prepared.signed().paymentId());
            response = exchange(paid);
        }
        String paymentId = prepared.signed().paymentId();
        if (response.statusCode() == 402) {
            String state = x402.confirm(paymentId);
            String reason = "answered 402 to an x402 authorization signed at " + clock.instant() + " (" + prepared.requirement().amount()
                    + " units of " + prepared.requirement().asset() + ", payment " + paymentId + ", " + state + ")";
            store.block(scope, reason);
            LOG.log(Level.WARNING, "x402 scope={0} refused a signed payment; blocked until a person clears it", scope);
            throw new L402ServiceBlockedException(scope, reason);
        }
        String transaction = X402Authenticator.receipt(response).map(r -> r.path("transaction").asText("")).orElse("");
        String state = x402.confirm(paymentId);
        LOG.log(Level.INFO, "x402 host={0} payment={1} state={2} transaction={3}", request.uri().getHost(), paymentId, state, transaction);
        return new L402Response(response, Optional.empty(), Optional.of(new L402Response.TokenPayment(prepared.requirement().asset(),
                prepared.requirement().amount().toString(), prepared.requirement().payTo(), transaction, paymentId, state)));
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, BoundedBody.handler(maxResponseBytes));
        } catch (IOException e) {
            if (e instanceof BoundedBody.TooLargeException || e.getCause() instanceof BoundedBody.TooLargeException) {
                throw new L402Exception("the response from " + request.uri().getHost() + " is larger than this client's limit of "
                        + maxResponseBytes + " bytes; it was not read (a token already paid for is kept)");
            }
            throw e;
        }
    }

    /** The most one request may cost, in sat. */
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
    public java.util.Map<String, String> blockedServices() {
        return store.blocks();
    }

    /** Whether requests to {@code host} may be sent (every host, unless allowed hosts were set). */
    public boolean allowsHost(String host) {
        return allowedHosts.isEmpty() || (host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT)));
    }

    private record Paid(L402Authorization token, L402Response.Payment payment) {
    }

    /**
     * Completes the purchase held for {@code scope} once its payment settled: the token it bought is stored and used, and
     * nothing is paid again. While the payment still waits, says so; when it ended unpaid, forgets it (the next call asks
     * for a new price).
     */
    private void completeHeld(URI uri, String scope, HeldPurchase held) {
        synchronized (originLocks.computeIfAbsent(origin(uri), k -> new Object())) {
            if (store.held(scope).isEmpty()) {
                return; // another request completed it while this one waited
            }
            byte[] preimage;
            try {
                preimage = payer.settled(held.paymentId());
            } catch (L402PaymentHeldException stillWaiting) {
                throw stillWaiting;
            } catch (L402Exception ended) {
                store.release(scope);
                throw new L402Exception("the purchase of " + scope + " held as payment " + held.paymentId() + " ended unpaid ("
                        + ended.getMessage() + "); nothing was paid, and the next call asks the service for a new price", ended);
            }
            byte[] paymentHash = L402Identifier.decode(held.macaroon().identifier()).paymentHash();
            if (!MessageDigest.isEqual(sha256(preimage), paymentHash)) {
                store.release(scope);
                throw new L402Exception("the held payment " + held.paymentId() + " settled with a preimage that is not the token's; token not usable");
            }
            L402Authorization token = new L402Authorization(held.macaroon(), preimage);
            cache.put(scope, token);
            store.put(scope, token);
            store.release(scope);
            LOG.log(Level.INFO, "l402 scope={0} payment={1} held purchase completed after its payment settled", scope, held.paymentId());
        }
    }

    private Paid payFor(URI uri, String scope, HttpResponse<byte[]> response, long limit) {
        if (payer == null) {
            throw new L402Exception(uri.getHost() + " asks for an L402 (Lightning) payment, and this client pays x402 only; nothing was paid");
        }
        List<L402Challenge> challenges;
        try {
            challenges = ChallengeParser.parse(response.headers().allValues("WWW-Authenticate"));
        } catch (MacaroonFormatException e) {
            throw new L402Exception("the 402 challenge from " + uri.getHost() + " is malformed: " + e.getMessage() + "; nothing was paid", e);
        }
        L402Challenge challenge = challenges.stream()
                .min(Comparator.comparing(c -> c.scheme().equalsIgnoreCase("L402") ? 0 : 1))
                .orElseThrow(() -> new L402Exception(uri.getHost() + " answered 402 without an L402 challenge; nothing was paid"));
        L402Identifier id;
        try {
            id = L402Identifier.decode(challenge.macaroon().identifier());
        } catch (MacaroonFormatException e) {
            throw new L402Exception("the challenge's macaroon is not an L402 macaroon (" + e.getMessage() + "); nothing was paid", e);
        }
        InvoicePayer.InvoiceDetails invoice;
        try {
            invoice = payer.decode(challenge.invoice());
        } catch (InvalidInputException e) {
            throw new L402Exception("the L402 invoice from " + uri.getHost() + " cannot be paid by this wallet: " + e.getMessage()
                    + "; nothing was paid", e);
        }
        if (!MessageDigest.isEqual(id.paymentHash(), invoice.paymentHash())) {
            throw new L402Exception("the macaroon's payment hash is not the invoice's: paying would not buy this token; nothing was paid");
        }
        if (invoice.expiresAt() != null && !clock.instant().isBefore(invoice.expiresAt())) {
            throw new L402InvoiceExpiredException(uri.getHost(), invoice.expiresAt());
        }
        if (invoice.amountMsat() <= 0) {
            throw new L402Exception("the L402 invoice has no amount; nothing was paid");
        }
        long sats = (invoice.amountMsat() + 999) / 1000;
        if (sats > limit) {
            throw new L402Exception("the price " + sats + " sat is above " + (limit == maxPriceSats ? "this client's maximum of "
                    : "the maximum set for this request, ") + limit + " sat per request; nothing was paid");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        Spend reserved = reserveHostBudget(host, sats);
        byte[] preimage;
        try {
            preimage = payer.pay(challenge.invoice(), invoice.amountMsat(), "L402 access to " + origin(uri),
                    "l402-" + id.paymentHashHex(), host);
        } catch (L402PaymentHeldException held) {
            // keep the challenge (and the budget it reserved): the approved payment buys exactly this token
            store.hold(scope, new HeldPurchase(challenge.macaroon(), held.paymentId()));
            LOG.log(Level.INFO, "l402 scope={0} payment={1} held; the purchase completes on a later call once it settles", scope, held.paymentId());
            throw held;
        } catch (RuntimeException e) {
            releaseHostBudget(host, reserved);
            throw e;
        }
        if (!MessageDigest.isEqual(sha256(preimage), id.paymentHash())) {
            throw new L402Exception("the payment returned a preimage that does not match the invoice; token not usable");
        }
        LOG.log(Level.INFO, "l402 host={0} paid_sats={1} payment_hash={2}", host, sats, id.paymentHashHex());
        return new Paid(new L402Authorization(challenge.macaroon(), preimage), new L402Response.Payment(sats, id.paymentHashHex()));
    }

    /** A payment that did not happen (policy denied it, it failed) does not count against the host's budget. */
    private void releaseHostBudget(String host, Spend reserved) {
        Deque<Spend> spends = spentPerHost.get(host);
        synchronized (spends) {
            spends.removeFirstOccurrence(reserved);
        }
    }

    private Spend reserveHostBudget(String host, long sats) {
        Deque<Spend> spends = spentPerHost.computeIfAbsent(host, h -> new ArrayDeque<>());
        synchronized (spends) {
            Instant since = clock.instant().minus(hostBudgetWindow);
            spends.removeIf(s -> s.at.isBefore(since));
            long spent = spends.stream().mapToLong(Spend::sats).sum();
            if (spent + sats > hostBudgetSats) {
                throw new L402Exception("paying " + sats + " sat to " + host + " would exceed its budget of " + hostBudgetSats
                        + " sat per " + hostBudgetWindow.toMinutes() + " min (" + spent + " sat spent); nothing was paid");
            }
            Spend spend = new Spend(clock.instant(), sats);
            spends.add(spend);
            return spend;
        }
    }

    private record Spend(Instant at, long sats) {
    }

    private Optional<L402Authorization> cached(String scope) {
        L402Authorization hit = cache.getIfPresent(scope);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<L402Authorization> stored = store.get(scope);
        stored.ifPresent(t -> cache.put(scope, t));
        return stored;
    }

    private void forget(String scope) {
        cache.invalidate(scope);
        store.remove(scope);
    }

    private static HttpRequest authorized(HttpRequest request, Optional<L402Authorization> token) {
        if (token.isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
                .header("Authorization", token.get().headerValue()).build();
    }

    /** Tokens are kept per origin and first path segment, which is how Aperture maps paths to services. */
    static String scope(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String first = path.replaceFirst("^/", "").split("/", 2)[0];
        return origin(uri) + "/" + first;
    }

    static String origin(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Configures an {@link L402Client}. */
    public static final class Builder {
        private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private InvoicePayer payer;
        private TokenStore store;
        private long maxPriceSats = 1_000;
        private long hostBudgetSats = -1;
        private Duration hostBudgetWindow = Duration.ofDays(1);
        private Clock clock = Clock.systemUTC();
        private Set<String> allowedHosts = Set.of();
        private long maxResponseBytes = 16L << 20;
        private X402Authenticator x402;
        private boolean preferX402;

        private Builder() {
        }

        /** Only these host names (compared without case) may be requested; any other is refused before sending. */
        public Builder allowedHosts(Collection<String> hosts) {
            if (hosts.isEmpty() || hosts.stream().anyMatch(h -> h == null || h.isBlank())) {
                throw new IllegalArgumentException("allowed hosts must name at least one host and no blank one");
            }
            this.allowedHosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
            return this;
        }

        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        public Builder payer(InvoicePayer payer) {
            this.payer = payer;
            return this;
        }

        public Builder tokenStore(TokenStore store) {
            this.store = store;
            return this;
        }

        /** The most one request may cost (default 1000 sat, like lnget). */
        public Builder maxPriceSats(long sats) {
            if (sats <= 0) {
                throw new IllegalArgumentException("the maximum price must be positive");
            }
            this.maxPriceSats = sats;
            return this;
        }

        /**
         * At most {@code sats} paid to one host within {@code window}. Unless set, a host gets
         * {@value #DEFAULT_HOST_BUDGET_PRICES} times the maximum price per day.
         */
        public Builder hostBudget(long sats, Duration window) {
            if (sats < 1 || window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a host budget needs at least 1 sat and a positive window, got " + sats + " sat per " + window);
            }
            this.hostBudgetSats = sats;
            this.hostBudgetWindow = window;
            return this;
        }

        /** How many maximum-price requests one host may be paid for per day when no host budget is set. */
        public static final int DEFAULT_HOST_BUDGET_PRICES = 10;

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
        public Builder x402(X402Authenticator x402, boolean preferX402) {
            this.x402 = java.util.Objects.requireNonNull(x402, "x402");
            this.preferX402 = preferX402;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public L402Client build() {
            if (payer == null && x402 == null) {
                throw new IllegalArgumentException("a paying client needs an InvoicePayer (L402) or an x402 authenticator, both through the agent's guarded wallet");
            }
            if (store == null) {
                throw new IllegalArgumentException("an L402 client needs a TokenStore, so paid tokens survive a restart");
            }
            if (hostBudgetSats < 0) {
                hostBudgetSats = Math.multiplyExact(maxPriceSats, (long) DEFAULT_HOST_BUDGET_PRICES);
            }
            return new L402Client(this);
        }
    }
}
