package dev.bursar.l402.x402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.l402.client.AuthorizationPayer;
import dev.bursar.l402.client.ChallengeAuthenticator;
import dev.bursar.l402.client.L402Exception;
import dev.bursar.l402.client.L402Response;
import dev.bursar.l402.header.L402Authorization;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The x402 challenge type of the {@link dev.bursar.l402.client.PayingHttpClient}: picks an {@code exact} requirement on the payer's chain in a token it
 * has a price limit for, checks the payee and the resource against the request, has the payer sign an EIP-3009
 * authorization under the agent's policy, and builds the retry's {@code PAYMENT-SIGNATURE} (v2) or {@code X-PAYMENT}
 * (v1) header. Reads the server's {@code PAYMENT-RESPONSE} receipt afterwards.
 */
public final class X402Authenticator implements ChallengeAuthenticator {

    /** The v2 request header carrying the payment. */
    public static final String SIGNATURE_HEADER = "PAYMENT-SIGNATURE";
    /** The v1 request header carrying the payment. */
    public static final String V1_HEADER = "X-PAYMENT";
    /** The v2 response header carrying the settlement receipt. */
    public static final String RESPONSE_HEADER = "PAYMENT-RESPONSE";
    /** The v1 response header carrying the settlement receipt. */
    public static final String V1_RESPONSE_HEADER = "X-PAYMENT-RESPONSE";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final System.Logger LOG = System.getLogger(X402Authenticator.class.getName());

    private final AuthorizationPayer payer;
    private final Map<String, BigInteger> maxUnitsByToken;
    private final Map<String, String> payeeByHost;
    private final Clock clock;
    private final Map<String, AuthorizationPayer.TokenDomain> domains = new java.util.concurrent.ConcurrentHashMap<>();

    private X402Authenticator(Builder b) {
        this.payer = b.payer;
        this.maxUnitsByToken = Map.copyOf(b.maxUnitsByToken);
        this.payeeByHost = Map.copyOf(b.payeeByHost);
        this.clock = b.clock;
    }

    @Override
    public String scheme() {
        return "x402";
    }

    @Override
    public boolean answers(HttpResponse<byte[]> challenge) {
        return PaymentRequired.presentIn(challenge);
    }

    /** One signed authorization buys one response (x402's exact scheme). */
    @Override
    public boolean sellsReusableTokens() {
        return false;
    }

    @Override
    public Payment pay(HttpRequest request, HttpResponse<byte[]> challenge, String scope, long maxPriceSats) {
        Prepared prepared = prepare(request, PaymentRequired.from(challenge), "x402 access to " + request.uri().getScheme() + "://"
                + request.uri().getAuthority());
        return new Signed(prepared, request.uri().getHost(), clock.instant().toString());
    }

    /** A signed authorization on its way: {@link #describe()} and {@link #respond} ask the chain what became of it. */
    private final class Signed implements Payment {
        private final Prepared prepared;
        private final String host;
        private final String at;

        private Signed(Prepared prepared, String host, String at) {
            this.prepared = prepared;
            this.host = host;
            this.at = at;
        }

        @Override
        public String header() {
            return prepared.header();
        }

        @Override
        public String value() {
            return prepared.value();
        }

        @Override
        public Optional<L402Authorization> reusableToken() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "answered 402 to an x402 authorization signed at " + at + " (" + prepared.requirement().amount() + " units of "
                    + prepared.requirement().asset() + ", payment " + prepared.signed().paymentId() + ", " + confirm(prepared.signed().paymentId()) + ")";
        }

        @Override
        public L402Response respond(HttpResponse<byte[]> response) {
            String paymentId = prepared.signed().paymentId();
            String transaction = receipt(response).map(r -> r.path("transaction").asText("")).orElse("");
            String state = confirm(paymentId);
            LOG.log(System.Logger.Level.INFO, "x402 host={0} payment={1} state={2} transaction={3}", host, paymentId, state, transaction);
            return new L402Response(response, Optional.empty(), Optional.of(new L402Response.TokenPayment(prepared.requirement().asset(),
                    prepared.requirement().amount().toString(), prepared.requirement().payTo(), transaction, paymentId, state)));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A payment ready to be sent: the header to add and what it pays. */
    public record Prepared(String header, String value, PaymentRequired.Requirement requirement, AuthorizationPayer.SignedAuthorization signed) {
    }

    /**
     * Chooses a requirement of {@code challenge} for {@code request} and has it signed.
     *
     * @throws L402Exception (nothing paid) when no requirement is acceptable, with the reason for each one refused
     */
    public Prepared prepare(HttpRequest request, PaymentRequired challenge, String purpose) {
        String host = request.uri().getHost().toLowerCase(Locale.ROOT);
        checkResource(request.uri(), challenge);
        List<String> refusals = new ArrayList<>();
        List<PaymentRequired.Requirement> acceptable = new ArrayList<>();
        for (PaymentRequired.Requirement r : challenge.accepts()) {
            refusal(r, host).ifPresentOrElse(refusals::add, () -> acceptable.add(r));
        }
        PaymentRequired.Requirement chosen = acceptable.stream().min(Comparator.comparing(PaymentRequired.Requirement::amount))
                .orElseThrow(() -> new L402Exception("no x402 requirement of " + host + " can be paid: " + String.join("; ", refusals)
                        + "; nothing was paid"));
        Duration validFor = Duration.ofSeconds(Math.min(chosen.maxTimeoutSeconds(), 3600));
        AuthorizationPayer.SignedAuthorization signed = payer.authorize(chosen.asset(), chosen.amount(), chosen.payTo(), validFor,
                purpose, "x402-" + UUID.randomUUID(), host);
        return new Prepared(challenge.version() == 1 ? V1_HEADER : SIGNATURE_HEADER, payload(challenge, chosen, signed), chosen, signed);
    }

    /** The settlement receipt of a paid response ({@code PAYMENT-RESPONSE}, or v1's {@code X-PAYMENT-RESPONSE}), if it sent one. */
    public static Optional<JsonNode> receipt(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue(RESPONSE_HEADER).or(() -> response.headers().firstValue(V1_RESPONSE_HEADER));
        if (header.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(Base64.getDecoder().decode(header.get().strip())));
        } catch (IllegalArgumentException | IOException e) {
            throw new X402FormatException("the server's " + RESPONSE_HEADER + " receipt is not base64 JSON");
        }
    }

    /**
     * Asks the chain whether the payee used the authorization; returns the payment's state, or {@code UNKNOWN (...)}
     * when the node cannot say now (a paid answer is never dropped for want of a receipt check).
     */
    public String confirm(String paymentId) {
        try {
            return payer.confirm(paymentId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "x402 payment={0} state unknown: {1}", paymentId, e.getMessage());
            return "UNKNOWN (" + e.getMessage() + ")";
        }
    }

    private Optional<String> refusal(PaymentRequired.Requirement r, String host) {
        if (!r.scheme().equals("exact")) {
            return Optional.of("scheme '" + r.scheme() + "' is not supported (exact is)");
        }
        if (r.chainId().isEmpty() || r.chainId().getAsLong() != payer.chainId()) {
            return Optional.of("network '" + r.network() + "' is not this wallet's chain eip155:" + payer.chainId());
        }
        String method = r.extra().path("assetTransferMethod").asText("eip3009");
        if (!method.equals("eip3009")) {
            return Optional.of("asset transfer method '" + method + "' is not supported (eip3009 is)");
        }
        EvmAddress payTo;
        EvmAddress asset;
        try {
            payTo = EvmAddress.of(r.payTo());
            asset = EvmAddress.of(r.asset());
        } catch (InvalidInputException e) {
            return Optional.of("malformed address: " + e.getMessage());
        }
        BigInteger max = maxUnitsByToken.get(asset.lowerCase());
        if (max == null) {
            return Optional.of("no price limit is set for the token " + asset);
        }
        if (r.amount().compareTo(max) > 0) {
            return Optional.of("the amount " + r.amount() + " is above this client's cap of " + max + " units of " + asset);
        }
        String pinned = payeeByHost.get(host);
        if (pinned != null && !pinned.equals(payTo.lowerCase())) {
            return Optional.of("payTo " + payTo + " is not the payee " + EvmAddress.of(pinned) + " configured for " + host);
        }
        String name = r.extra().path("name").asText("");
        String version = r.extra().path("version").asText("");
        if (!name.isEmpty() || !version.isEmpty()) {
            AuthorizationPayer.TokenDomain onChain;
            try {
                onChain = domains.computeIfAbsent(asset.lowerCase(), payer::domain);
            } catch (RuntimeException e) {
                return Optional.of("the EIP-712 domain of " + asset + " cannot be read now: " + e.getMessage());
            }
            if (!name.equals(onChain.name()) || !version.equals(onChain.version())) {
                return Optional.of("the requirement names the token's EIP-712 domain '" + name + "' version '" + version
                        + "', but the contract at " + asset + " states '" + onChain.name() + "' version '" + onChain.version()
                        + "' (a signature for one is invalid for the other)");
            }
        }
        return Optional.empty();
    }

    /** A v2 challenge names the resource it sells: it must be the one requested, so a payment for one URL is not spent on another. */
    private static void checkResource(URI requested, PaymentRequired challenge) {
        Optional<String> url = challenge.resource().map(r -> r.isTextual() ? r.asText() : r.path("url").asText(""));
        if (url.isEmpty() || url.get().isBlank()) {
            return;
        }
        URI offered;
        try {
            offered = URI.create(url.get());
        } catch (IllegalArgumentException e) {
            throw new X402FormatException("the x402 challenge's resource URL is malformed; nothing was paid");
        }
        if (offered.getHost() == null || !offered.getHost().equalsIgnoreCase(requested.getHost())) {
            throw new L402Exception("the x402 challenge sells " + offered.getHost() + ", not the requested host " + requested.getHost()
                    + "; nothing was paid");
        }
    }

    private static String payload(PaymentRequired challenge, PaymentRequired.Requirement chosen, AuthorizationPayer.SignedAuthorization s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("x402Version", challenge.version());
        if (challenge.version() == 1) {
            root.put("scheme", chosen.scheme());
            root.put("network", chosen.network());
        } else {
            challenge.resource().ifPresent(r -> root.set("resource", r));
            root.set("accepted", chosen.offered());
        }
        ObjectNode payload = root.putObject("payload");
        payload.put("signature", s.signature());
        ObjectNode authorization = payload.putObject("authorization");
        authorization.put("from", s.from());
        authorization.put("to", chosen.payTo());
        authorization.put("value", s.value());
        authorization.put("validAfter", s.validAfter());
        authorization.put("validBefore", s.validBefore());
        authorization.put("nonce", s.nonce());
        return Base64.getEncoder().encodeToString(root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Configures an {@link X402Authenticator}: the payer, and a price limit for each token it may pay in. */
    public static final class Builder {
        private AuthorizationPayer payer;
        private final Map<String, BigInteger> maxUnitsByToken = new HashMap<>();
        private final Map<String, String> payeeByHost = new HashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder payer(AuthorizationPayer payer) {
            this.payer = payer;
            return this;
        }

        /** The most one request may cost in the token at {@code token}, in its base units; tokens without a limit are never paid. */
        public Builder maxPrice(String token, BigInteger units) {
            if (units == null || units.signum() <= 0) {
                throw new IllegalArgumentException("the x402 price limit for " + token + " must be positive");
            }
            maxUnitsByToken.put(EvmAddress.of(token).lowerCase(), units);
            return this;
        }

        /** Pins the payee of {@code host}: a challenge asking to pay anyone else is refused. */
        public Builder payee(String host, String payTo) {
            payeeByHost.put(host.toLowerCase(Locale.ROOT), EvmAddress.of(payTo).lowerCase());
            return this;
        }

        public X402Authenticator build() {
            if (payer == null) {
                throw new IllegalArgumentException("an x402 authenticator needs an AuthorizationPayer (the agent's guarded wallet)");
            }
            if (maxUnitsByToken.isEmpty()) {
                throw new IllegalArgumentException("an x402 authenticator needs a price limit for at least one token (maxPrice)");
            }
            return new X402Authenticator(this);
        }
    }
}
