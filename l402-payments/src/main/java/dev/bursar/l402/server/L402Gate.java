package dev.bursar.l402.server;

import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The seller's decision for one request to a priced service, independent of any HTTP stack: let it through with its
 * verified token, answer 402 with a fresh challenge (no credential, an expired one, or one bought for a cheaper
 * resource), 401 (a wrong one), 429 (a client asking for too many challenges) or 503 (no invoice could be issued, or
 * too many are outstanding). The Jakarta REST filter and the JDK HTTP handler both delegate here.
 */
public final class L402Gate {

    private static final System.Logger LOG = System.getLogger(L402Gate.class.getName());

    private final L402Authority authority;
    private final InvoiceIssuer invoices;
    private final ChallengeBudget budget;
    /**
     * Credentials verified before, by service and exact header text: a repeat skips the parse and the HMAC chain but
     * still checks revocation, expiry and what the token was sold for. Holds no secret.
     */
    private final Cache<String, VerifiedToken> verified = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    /** A gate with the {@link ChallengeLimits#DEFAULT default challenge limits}. */
    public L402Gate(L402Authority authority, InvoiceIssuer invoices) {
        this(authority, invoices, ChallengeLimits.DEFAULT, Clock.systemUTC());
    }

    public L402Gate(L402Authority authority, InvoiceIssuer invoices, ChallengeLimits limits, Clock clock) {
        this.authority = authority;
        this.invoices = invoices;
        this.budget = new ChallengeBudget(limits, clock);
    }

    /** What to do with a request. */
    public sealed interface Decision {
        /** Serve the request. */
        record Pass(VerifiedToken token) implements Decision {
        }

        /** Answer 402 with these {@code WWW-Authenticate} lines. */
        record Challenge(List<String> wwwAuthenticate, String message) implements Decision {
        }

        /** Answer 401 with this message. */
        record Reject(String message) implements Decision {
        }

        /** Answer 503 with this message: no invoice could be issued (the seller's node is down or refuses, or too many are unpaid). */
        record Unavailable(String message) implements Decision {
        }

        /** Answer 429 with this message and {@code Retry-After}: this client asked for too many challenges. */
        record TooManyRequests(String message, long retryAfterSeconds) implements Decision {
        }
    }

    /**
     * Decides on a request for {@code service} that carries {@code authorizationHeaders}, at price {@code priceSats}
     * (a dynamic price hook may have changed the service's list price).
     */
    public Decision check(PricedService service, long priceSats, List<String> authorizationHeaders) {
        return check(L402Purchase.of(service), () -> priceSats, authorizationHeaders);
    }

    /** Decides on a request for {@code service} at its registered list price; see {@link #check(L402Purchase, LongSupplier, List)}. */
    public Decision check(PricedService service, LongSupplier price, List<String> authorizationHeaders) {
        return check(L402Purchase.of(service), price, authorizationHeaders);
    }

    /**
     * Decides on {@code purchase}; {@code price} (sats) is asked only when a fresh challenge is issued, so a dynamic
     * price hook never runs for a request that arrives with a valid token.
     */
    public Decision check(L402Purchase purchase, LongSupplier price, List<String> authorizationHeaders) {
        PricedService service = purchase.service();
        String cacheKey = authorizationHeaders.isEmpty() ? null
                : service.name() + '\u0000' + service.tier() + '\u0000' + String.join("\u0000", authorizationHeaders);
        VerifiedToken known = cacheKey == null ? null : verified.getIfPresent(cacheKey);
        if (known != null) {
            if (authority.stillValid(known)) {
                Optional<String> refusal = known.refusalFor(purchase);
                return refusal.isEmpty() ? new Decision.Pass(known) : challenge(purchase, price, refusal.get());
            }
            verified.invalidate(cacheKey);
        }
        L402Authorization auth;
        try {
            auth = L402Authorization.fromHeaders(authorizationHeaders);
        } catch (MacaroonFormatException e) {
            LOG.log(Level.INFO, "l402 service={0} status=401 reason={1}", service.name(), e.getMessage());
            return new Decision.Reject(e.getMessage());
        }
        if (auth == null) {
            List<String> others = L402Authorization.otherSchemes(authorizationHeaders);
            return challenge(purchase, price, others.isEmpty() ? "payment required"
                    : "payment required: Authorization scheme " + String.join(", ", others) + " is not L402; pay the invoice and send 'L402 <macaroon>:<preimage>'");
        }
        try {
            VerifiedToken token = authority.verify(auth, purchase);
            verified.put(cacheKey, token);
            budget.paid(token.identifier().paymentHash());
            return new Decision.Pass(token);
        } catch (L402Rejection r) {
            LOG.log(Level.INFO, "l402 service={0} status={1} reason={2}", service.name(), r.status(), r.getMessage());
            return r.status() == 402 ? challenge(purchase, price, r.getMessage()) : new Decision.Reject(r.getMessage());
        }
    }

    /** Unpaid invoices this gate handed out that can still be paid. */
    public int outstandingInvoices() {
        return budget.outstanding();
    }

    private Decision challenge(L402Purchase purchase, LongSupplier price, String why) {
        PricedService service = purchase.service();
        Optional<Decision> refused = budget.refusal(purchase.client());
        if (refused.isPresent()) {
            LOG.log(Level.INFO, "l402 service={0} challenge refused: {1}", service.name(), refused.get());
            return refused.get();
        }
        long priceSats = price.getAsLong();
        if (priceSats <= 0) {
            throw new IllegalArgumentException("the price of " + service.name() + " must be at least 1 sat, the price hook said " + priceSats);
        }
        InvoiceIssuer.IssuedInvoice invoice;
        try {
            invoice = invoices.issue(priceSats, "L402 " + service.name());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "l402 service={0} cannot issue an invoice: {1}", service.name(), e.getMessage());
            return new Decision.Unavailable("cannot issue an invoice for " + service.name() + " right now; try again later");
        }
        budget.issued(invoice.paymentHash());
        Macaroon macaroon = authority.mint(purchase, invoice.paymentHash(), List.of());
        return new Decision.Challenge(L402Authority.challengeHeaders(macaroon, invoice.bolt11()), why);
    }
}
