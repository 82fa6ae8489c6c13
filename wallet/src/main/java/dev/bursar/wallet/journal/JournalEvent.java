package dev.bursar.wallet.journal;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PreparedPayment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One append-only record of the spend journal. An entry's life is the sequence of its events: an intent with its
 * decision, possibly an approval, a prepared payment (durable before it leaves the process), then its outcome.
 */
public sealed interface JournalEvent {

    /** The journal entry (one intent) this event belongs to. */
    String entryId();

    Instant at();

    /**
     * An intent and policy's decision on it.
     *
     * @param decision ALLOW, DENY or NEEDS_APPROVAL
     * @param rule the rule that decided (for DENY and NEEDS_APPROVAL), else empty
     * @param approvalExpiresAt for NEEDS_APPROVAL, when the approval lapses
     * @param recipient the resolved recipient from the quote (address or node public key)
     * @param paymentHash the invoice's payment hash, for Lightning
     * @param maxFee the most the payment's fee may cost, as quoted
     * @param worstCase per asset, everything the payment may cost (amounts plus maximum fee): what budgets count
     * @param service for an API purchase, the host whose API it buys (what per-service budgets count), else empty
     */
    record IntentDecided(String entryId, Instant at, String wallet, PaymentIntent intent, String decision, String rule,
                         String reason, String recipient, Optional<String> paymentHash,
                         Optional<Instant> approvalExpiresAt, Optional<Amount> maxFee, List<Amount> worstCase,
                         Optional<String> service) implements JournalEvent {

        public IntentDecided {
            maxFee = maxFee == null ? Optional.empty() : maxFee;
            worstCase = worstCase == null || worstCase.isEmpty() ? List.of(intent.amount()) : List.copyOf(worstCase);
            service = service == null ? Optional.empty() : service;
        }

        /** An intent that buys no API access. */
        public IntentDecided(String entryId, Instant at, String wallet, PaymentIntent intent, String decision, String rule,
                             String reason, String recipient, Optional<String> paymentHash,
                             Optional<Instant> approvalExpiresAt, Optional<Amount> maxFee, List<Amount> worstCase) {
            this(entryId, at, wallet, intent, decision, rule, reason, recipient, paymentHash, approvalExpiresAt, maxFee, worstCase, Optional.empty());
        }

        /** An intent whose worst case is its amount alone (no fee known). */
        public IntentDecided(String entryId, Instant at, String wallet, PaymentIntent intent, String decision, String rule,
                             String reason, String recipient, Optional<String> paymentHash, Optional<Instant> approvalExpiresAt) {
            this(entryId, at, wallet, intent, decision, rule, reason, recipient, paymentHash, approvalExpiresAt, Optional.empty(), List.of(),
                    Optional.empty());
        }
    }

    /** A person approved or rejected an intent that waited for approval. */
    record ApprovalDecided(String entryId, Instant at, String decidedBy, boolean approved, String reason) implements JournalEvent {
    }

    /** The approval window of an intent passed without a decision. */
    record ApprovalExpired(String entryId, Instant at) implements JournalEvent {
    }

    /** The payment is signed or otherwise ready, and about to leave the process. */
    record Prepared(String entryId, Instant at, PreparedPayment payment) implements JournalEvent {
    }

    /** The final or current state of a prepared payment, as the chain or node reported it. */
    record Outcome(String entryId, Instant at, PaymentOutcome outcome) implements JournalEvent {
    }
}
