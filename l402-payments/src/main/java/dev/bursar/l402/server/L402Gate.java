package dev.bursar.l402.server;

import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The seller's decision for one request to a priced service, independent of any HTTP stack: let it through with its
 * verified token, answer 402 with a fresh challenge (no credential, or an expired one), 401 (a wrong one) or 503 (no
 * invoice could be issued).
 * The Jakarta REST filter and the JDK HTTP handler both delegate here.
 */
public final class L402Gate {

    private static final System.Logger LOG = System.getLogger(L402Gate.class.getName());

    private final L402Authority authority;
    private final InvoiceIssuer invoices;
    /**
     * Credentials verified before, by service and exact header text: a repeat skips the parse and the HMAC chain but
     * still checks revocation and expiry ({@link L402Authority#stillValid}). Holds no secret.
     */
    private final Cache<String, VerifiedToken> verified = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    public L402Gate(L402Authority authority, InvoiceIssuer invoices) {
        this.authority = authority;
        this.invoices = invoices;
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

        /** Answer 503 with this message: no invoice could be issued (the seller's node is down or refuses). */
        record Unavailable(String message) implements Decision {
        }
    }

    /**
     * Decides on a request for {@code service} that carries {@code authorizationHeaders}, at price {@code priceSats}
     * (a dynamic price hook may have changed the service's list price).
     */
    public Decision check(PricedService service, long priceSats, List<String> authorizationHeaders) {
        return check(service, () -> priceSats, authorizationHeaders);
    }

    /**
     * Decides on a request for {@code service}; {@code price} (sats) is asked only when a fresh challenge is issued,
     * so a dynamic price hook never runs for a request that arrives with a valid token.
     */
    public Decision check(PricedService service, LongSupplier price, List<String> authorizationHeaders) {
        String cacheKey = authorizationHeaders.isEmpty() ? null
                : service.name() + '\u0000' + String.join("\u0000", authorizationHeaders);
        VerifiedToken known = cacheKey == null ? null : verified.getIfPresent(cacheKey);
        if (known != null) {
            if (authority.stillValid(known)) {
                return new Decision.Pass(known);
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
            return challenge(service, price, others.isEmpty() ? "payment required"
                    : "payment required: Authorization scheme " + String.join(", ", others) + " is not L402; pay the invoice and send 'L402 <macaroon>:<preimage>'");
        }
        try {
            VerifiedToken token = authority.verify(auth, service.name());
            verified.put(cacheKey, token);
            return new Decision.Pass(token);
        } catch (L402Rejection r) {
            LOG.log(Level.INFO, "l402 service={0} status={1} reason={2}", service.name(), r.status(), r.getMessage());
            return r.status() == 402 ? challenge(service, price, r.getMessage()) : new Decision.Reject(r.getMessage());
        }
    }

    private Decision challenge(PricedService service, LongSupplier price, String why) {
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
        Macaroon macaroon = authority.mint(service, invoice.paymentHash(), List.of());
        return new Decision.Challenge(L402Authority.challengeHeaders(macaroon, invoice.bolt11()), why);
    }
}
