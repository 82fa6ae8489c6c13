package dev.bursar.wallet.binding;

/** Whether a proposed payment is the one the user asked for, and if not, the discrepancy in words a person reads. */
public sealed interface BindingResult {

    /** Every recipient, asset and amount of the payment is grounded; {@code how} says in what. */
    record Grounded(String how) implements BindingResult {
    }

    /** Something is not grounded; {@code discrepancy} says what ("you wrote 5 ETH; the agent proposed 5 dUSD"). */
    record Ungrounded(String discrepancy) implements BindingResult {
    }
}
