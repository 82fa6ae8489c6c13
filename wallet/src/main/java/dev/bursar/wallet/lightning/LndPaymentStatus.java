package dev.bursar.wallet.lightning;

import dev.bursar.wallet.PaymentOutcome;

/**
 * Maps LND's raw {@code Payment.status} and {@code failure_reason} numbers, including values newer than lightningj's
 * generated enums (INITIATED = 4 since lnd 0.18, CANCELED = 6 since lnd 0.19), to the wallet's outcome statuses.
 */
final class LndPaymentStatus {

    static final int UNKNOWN = 0;
    static final int IN_FLIGHT = 1;
    static final int SUCCEEDED = 2;
    static final int FAILED = 3;
    static final int INITIATED = 4;

    private static final String[] FAILURE_REASONS = {
            "NONE", "TIMEOUT", "NO_ROUTE", "ERROR", "INCORRECT_PAYMENT_DETAILS", "INSUFFICIENT_BALANCE", "CANCELED"};

    private LndPaymentStatus() {
    }

    /** SUCCEEDED and FAILED are final; every other value (in flight, initiated, unknown, newer) is pending. */
    static PaymentOutcome.Status toStatus(int raw) {
        return switch (raw) {
            case SUCCEEDED -> PaymentOutcome.Status.SUCCEEDED;
            case FAILED -> PaymentOutcome.Status.FAILED;
            default -> PaymentOutcome.Status.PENDING;
        };
    }

    /** LND's failure reason by name ("NO_ROUTE"), with a hint where one helps. */
    static String failureReason(int raw) {
        String name = raw >= 0 && raw < FAILURE_REASONS.length ? FAILURE_REASONS[raw] : "UNKNOWN_REASON_" + raw;
        return switch (name) {
            case "TIMEOUT" -> "TIMEOUT: no route succeeded within the payment timeout";
            case "NO_ROUTE" -> "NO_ROUTE: no path with enough capacity within the fee limit";
            case "INCORRECT_PAYMENT_DETAILS" -> "INCORRECT_PAYMENT_DETAILS: the payee rejected it (unknown or expired invoice, wrong amount)";
            case "INSUFFICIENT_BALANCE" -> "INSUFFICIENT_BALANCE: not enough outbound liquidity";
            default -> name;
        };
    }
}
