package dev.bursar.l402.client;

/**
 * The payment for an API call is held, waiting for a person's approval or still in flight: nothing is paid yet, and
 * the client keeps the challenge it was for, so the next call to the same service completes this very purchase once
 * the payment settles instead of buying a second token.
 */
public final class L402PaymentHeldException extends L402Exception {

    private final String paymentId;

    public L402PaymentHeldException(String paymentId, String state) {
        super("the API payment " + paymentId + " is " + state + "; nothing was paid yet. Once it settles, calling the same "
                + "service again completes this purchase with the token it bought, without paying twice");
        this.paymentId = paymentId;
    }

    /** The journal entry of the held payment, for approving or rejecting it. */
    public String paymentId() {
        return paymentId;
    }
}
