package dev.bursar.l402.client;

import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The response to a request sent through {@link PayingHttpClient#fetch}, with the payment that this very request made, if
 * any (none when the server asked for nothing or an already paid token was used): an L402 payment in sat, or an x402
 * payment in token units.
 */
public record L402Response(HttpResponse<byte[]> response, Optional<Payment> payment, Optional<TokenPayment> tokenPayment) {

    public L402Response {
        tokenPayment = tokenPayment == null ? Optional.empty() : tokenPayment;
    }

    public L402Response(HttpResponse<byte[]> response, Optional<Payment> payment) {
        this(response, payment, Optional.empty());
    }

    /** A settled L402 payment: its price in sat and its payment hash in hex (public: it names the invoice, not the token). */
    public record Payment(long sats, String paymentHash) {
    }

    /**
     * An x402 payment: {@code units} of the token at {@code asset} to {@code payTo}, the settlement transaction the
     * server reported (empty if none) and the agent's journal entry with its state once checked on chain.
     */
    public record TokenPayment(String asset, String units, String payTo, String transaction, String paymentId, String state) {
    }
}
