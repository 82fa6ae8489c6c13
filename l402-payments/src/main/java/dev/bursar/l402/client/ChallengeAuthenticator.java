package dev.bursar.l402.client;

import dev.bursar.l402.header.L402Authorization;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * One HTTP 402 payment scheme of the {@link PayingHttpClient} (L402, x402): recognises its challenge in a 402 answer
 * and pays it through the agent's guarded wallet, so policy, journal and approvals apply. A third scheme is one more
 * implementation.
 */
public interface ChallengeAuthenticator {

    /** The scheme's name, for messages: {@code L402}, {@code x402}. */
    String scheme();

    /** Whether {@code challenge} (a 402 answer) offers this scheme in a form this authenticator can read. */
    boolean answers(HttpResponse<byte[]> challenge);

    /**
     * Whether one payment buys a token good for later calls to the same scope (L402), which the client then caches and
     * buys once for concurrent callers, rather than one response (x402).
     */
    boolean sellsReusableTokens();

    /**
     * Pays {@code challenge} for {@code request}.
     *
     * @param scope the origin and first path segment the request belongs to
     * @param maxPriceSats the most a sat-priced scheme may pay for this call (a token-priced scheme has its own limits)
     * @throws L402PaymentHeldException when the payment waits for approval or is in flight (nothing paid yet)
     * @throws L402Exception when the challenge is malformed or refused, with nothing paid
     */
    Payment pay(HttpRequest request, HttpResponse<byte[]> challenge, String scope, long maxPriceSats);

    /**
     * The token bought by a payment of {@code scope} that was held for approval and has since settled, if any; throws
     * {@link L402PaymentHeldException} while it still waits.
     */
    default Optional<L402Authorization> completeHeld(String scope) {
        return Optional.empty();
    }

    /** What one payment bought: the request header that proves it, and what to report once the paid answer came. */
    interface Payment {

        /** The header name to send with the retry. */
        String header();

        /** Its value. */
        String value();

        /** The token to cache for the scope, when the scheme sells reusable tokens. */
        Optional<L402Authorization> reusableToken();

        /** What was paid, for the reason a scope is blocked when it answers 402 to this payment. */
        String describe();

        /** The paid answer with what this call paid. */
        L402Response respond(HttpResponse<byte[]> response);
    }
}
