package dev.bursar.wallet.lightning;

import dev.bursar.wallet.InvalidInputException;

/**
 * The invoice's payment hash was already paid, or a payment to it is in flight, from this node: paying it again would
 * pay twice, so nothing was sent.
 */
public final class DuplicatePaymentException extends InvalidInputException {

    private final String paymentHash;

    public DuplicatePaymentException(String paymentHash, String state) {
        super("payment hash " + paymentHash + " is already " + state + " from this node; a second payment was not sent");
        this.paymentHash = paymentHash;
    }

    /** The payment hash (hex) that was already paid or is in flight. */
    public String paymentHash() {
        return paymentHash;
    }
}
