package dev.bursar.wallet;

import dev.bursar.wallet.journal.LedgerEntry;

/**
 * Observes the guarded spending path after each durable journal step (for metrics, notifications and the UI).
 * A listener cannot change a decision; an exception it throws is logged and ignored.
 */
public interface SpendListener {

    /** Policy decided on an intent (allowed, denied or held for approval). */
    default void decided(LedgerEntry entry) {
    }

    /** The payment is journaled as prepared and is about to leave the process. */
    default void prepared(LedgerEntry entry) {
    }

    /** The wallet has handed the payment to the chain or the node (before its outcome is journaled). */
    default void sent(LedgerEntry entry, PaymentOutcome outcome) {
    }

    /** The payment's outcome is journaled. */
    default void settled(LedgerEntry entry) {
    }
}
