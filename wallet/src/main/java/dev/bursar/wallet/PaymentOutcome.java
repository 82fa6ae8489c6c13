package dev.bursar.wallet;

import java.util.Optional;

/**
 * The result of sending (or reconciling) a prepared payment: settled, failed (nothing moved), or still pending.
 *
 * @param fee what the payment cost on top of its amount, when known
 * @param proof the payment preimage (Lightning) or block number (EVM) once settled
 * @param failureReason why it failed, for FAILED
 */
public record PaymentOutcome(Status status, String reference, Optional<Amount> fee, Optional<String> proof,
                             Optional<String> failureReason) {

    /** Where a payment stands. */
    public enum Status {
        /** Settled: mined with success, or a Lightning payment with its preimage. */
        SUCCEEDED,
        /** Definitely did not move value (reverted transactions still paid gas, noted in the fee). */
        FAILED,
        /** Sent but not final yet; reconciliation resolves it. */
        PENDING
    }

    public static PaymentOutcome succeeded(String reference, Amount fee, String proof) {
        return new PaymentOutcome(Status.SUCCEEDED, reference, Optional.ofNullable(fee), Optional.ofNullable(proof), Optional.empty());
    }

    public static PaymentOutcome failed(String reference, String reason) {
        return new PaymentOutcome(Status.FAILED, reference, Optional.empty(), Optional.empty(), Optional.of(reason));
    }

    public static PaymentOutcome pending(String reference) {
        return new PaymentOutcome(Status.PENDING, reference, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isFinal() {
        return status != Status.PENDING;
    }
}
