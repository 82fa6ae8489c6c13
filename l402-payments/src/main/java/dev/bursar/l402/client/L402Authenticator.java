package dev.bursar.l402.client;

import dev.bursar.l402.header.ChallengeParser;
import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.header.L402Challenge;
import dev.bursar.l402.macaroon.L402Identifier;
import dev.bursar.l402.macaroon.MacaroonFormatException;
import dev.bursar.wallet.InvalidInputException;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The L402 challenge type of the paying client: parses {@code WWW-Authenticate: L402 macaroon=..., invoice=...},
 * checks that the macaroon's payment hash is the invoice's, that the invoice has not expired and its price is within
 * the call's maximum, and pays it through the agent's {@link InvoicePayer} (policy, per-service budget and journal
 * apply there). A payment held for approval keeps its challenge in the {@link TokenStore}; once it settles, the token
 * it bought is completed from it, so nothing is paid twice, across restarts too.
 */
public final class L402Authenticator implements ChallengeAuthenticator {

    private static final System.Logger LOG = System.getLogger(L402Authenticator.class.getName());

    private final InvoicePayer payer;
    private final TokenStore store;
    private final Clock clock;
    private final Map<String, Object> heldLocks = new ConcurrentHashMap<>();

    public L402Authenticator(InvoicePayer payer, TokenStore store, Clock clock) {
        this.payer = java.util.Objects.requireNonNull(payer, "payer");
        this.store = java.util.Objects.requireNonNull(store, "store");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String scheme() {
        return "L402";
    }

    @Override
    public boolean answers(HttpResponse<byte[]> challenge) {
        return challenge.headers().allValues("WWW-Authenticate").stream()
                .anyMatch(v -> v.regionMatches(true, 0, "L402", 0, 4) || v.regionMatches(true, 0, "LSAT", 0, 4));
    }

    @Override
    public boolean sellsReusableTokens() {
        return true;
    }

    @Override
    public Optional<L402Authorization> completeHeld(String scope) {
        if (store.held(scope).isEmpty()) {
            return Optional.empty();
        }
        synchronized (heldLocks.computeIfAbsent(scope, k -> new Object())) {
            Optional<HeldPurchase> stillHeld = store.held(scope);
            if (stillHeld.isEmpty()) {
                return Optional.empty(); // another request completed it while this one waited
            }
            HeldPurchase held = stillHeld.get();
            byte[] preimage;
            try {
                preimage = payer.settled(held.paymentKey());
            } catch (L402PaymentHeldException stillWaiting) {
                throw stillWaiting;
            } catch (L402NoSuchPaymentException neverAsked) { // the process stopped before the wallet was asked
                store.release(scope);
                return Optional.empty();
            } catch (L402Exception | dev.bursar.wallet.ApprovalException ended) { // rejected, expired, failed
                store.release(scope);
                throw new L402Exception("the purchase of " + scope + " (payment " + held.paymentKey() + ") ended unpaid ("
                        + ended.getMessage() + "); nothing was paid, and the next call asks the service for a new price", ended);
            }
            byte[] paymentHash = L402Identifier.decode(held.macaroon().identifier()).paymentHash();
            if (!MessageDigest.isEqual(sha256(preimage), paymentHash)) {
                store.release(scope);
                throw new L402Exception("the held payment " + held.paymentKey() + " settled with a preimage that is not the token's; token not usable");
            }
            L402Authorization token = new L402Authorization(held.macaroon(), preimage);
            store.put(scope, token);
            store.release(scope);
            LOG.log(Level.INFO, "l402 scope={0} payment={1} held purchase completed after its payment settled", scope, held.paymentKey());
            return Optional.of(token);
        }
    }

    @Override
    public Payment pay(HttpRequest request, HttpResponse<byte[]> response, String scope, long limit) {
        URI uri = request.uri();
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
            throw new L402Exception("the price " + sats + " sat is above the maximum of " + limit + " sat per request; nothing was paid");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String key = "l402-" + id.paymentHashHex();
        // the challenge is kept before the wallet is asked: a hold for approval, or a crash before the token is stored,
        // then loses nothing, since the journal entry with this key says what the payment became
        store.hold(scope, new HeldPurchase(challenge.macaroon(), key));
        byte[] preimage;
        try {
            preimage = payer.pay(challenge.invoice(), invoice.amountMsat(), "L402 access to " + PayingHttpClient.origin(uri), key, host);
        } catch (L402PaymentHeldException held) {
            LOG.log(Level.INFO, "l402 scope={0} payment={1} held; the purchase completes on a later call once it settles", scope, held.paymentId());
            throw held;
        } catch (RuntimeException refused) {
            releaseUnlessUnderWay(scope, key);
            throw refused;
        }
        if (!MessageDigest.isEqual(sha256(preimage), id.paymentHash())) {
            store.release(scope);
            throw new L402Exception("the payment returned a preimage that does not match the invoice; token not usable");
        }
        L402Authorization token = new L402Authorization(challenge.macaroon(), preimage);
        store.put(scope, token);
        store.release(scope);
        LOG.log(Level.INFO, "l402 host={0} paid_sats={1} payment_hash={2}", host, sats, id.paymentHashHex());
        return new Paid(token, new L402Response.Payment(sats, id.paymentHashHex()), clock.instant().toString());
    }

    /**
     * After the wallet refused or failed: forgets the purchase when its journal says nothing was or will be paid (no
     * entry, denied, failed), and keeps it when the payment may still settle, or when the journal cannot say.
     */
    private void releaseUnlessUnderWay(String scope, String key) {
        try {
            payer.settled(key);
        } catch (L402PaymentHeldException underWay) {
            return;
        } catch (L402Exception nothingPaid) {
            store.release(scope);
            return;
        } catch (RuntimeException unknown) {
            return;
        }
        // settled after all: the next call completes the purchase from the journal
    }

    private record Paid(L402Authorization token, L402Response.Payment payment, String at) implements Payment {
        @Override
        public String header() {
            return "Authorization";
        }

        @Override
        public String value() {
            return token.headerValue();
        }

        @Override
        public Optional<L402Authorization> reusableToken() {
            return Optional.of(token);
        }

        @Override
        public String describe() {
            return "answered 402 to a token paid for at " + at + " (" + payment.sats() + " sat, payment hash " + payment.paymentHash() + ")";
        }

        @Override
        public L402Response respond(HttpResponse<byte[]> response) {
            return new L402Response(response, Optional.of(payment));
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
