package dev.bursar.wallet;

import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.LedgerEntry;

import java.time.Instant;
import java.util.Optional;

/**
 * What became of one intent sent through {@link GuardedWallet}: its journal entry, its state (DENIED,
 * AWAITING_APPROVAL, PREPARED while unresolved, SUCCEEDED, FAILED, ...), a message for the agent and the user, and the
 * outcome once there is one. Safe to show to a model: it holds no key.
 */
public record SpendResult(String entryId, EntryState state, String message, Optional<PaymentOutcome> outcome,
                          Optional<Instant> approvalExpiresAt) {

    static SpendResult of(LedgerEntry entry) {
        String message = switch (entry.state()) {
            case DENIED -> "denied: " + entry.reason();
            case AWAITING_APPROVAL -> "waiting for approval: " + entry.reason();
            case REJECTED -> "rejected" + entry.decidedBy().map(by -> " by " + by).orElse("") + ": " + entry.reason();
            case EXPIRED -> "approval expired; nothing was paid";
            case AUTHORIZED -> "authorized, not yet sent";
            case PREPARED -> "sent; waiting for it to settle (reference " + entry.prepared().map(PreparedPayment::reference).orElse("?") + ")";
            case SUCCEEDED -> "paid " + entry.intent().amount() + " (reference "
                    + entry.outcome().map(PaymentOutcome::reference).orElse("?") + ")";
            case FAILED -> "failed, nothing moved: " + entry.outcome().flatMap(PaymentOutcome::failureReason).orElse(entry.reason());
        };
        return new SpendResult(entry.id(), entry.state(), message, entry.outcome(), entry.approvalExpiresAt());
    }
}
