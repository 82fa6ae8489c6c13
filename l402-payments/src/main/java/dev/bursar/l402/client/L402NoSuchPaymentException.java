package dev.bursar.l402.client;

/**
 * No payment was ever proposed for a purchase the client had started (the process stopped before the wallet was
 * asked): nothing was paid, and the purchase starts again from a new challenge.
 */
public final class L402NoSuchPaymentException extends L402Exception {

    public L402NoSuchPaymentException(String paymentKey) {
        super("no payment was ever proposed for " + paymentKey + "; nothing was paid");
    }
}
