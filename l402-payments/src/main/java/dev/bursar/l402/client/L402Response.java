package dev.bursar.l402.client;

import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The response to a request sent through {@link L402Client#fetch}, with the payment that this very request made, if
 * any (none when the server asked for nothing or an already paid token was used).
 */
public record L402Response(HttpResponse<byte[]> response, Optional<Payment> payment) {

    /** A settled L402 payment: its price in sat and its payment hash in hex (public: it names the invoice, not the token). */
    public record Payment(long sats, String paymentHash) {
    }
}
