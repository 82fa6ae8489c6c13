package dev.bursar.wallet.journal;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PreparedPayment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The current state of one journaled intent, folded from its events.
 *
 * @param authorizedAt when it was allowed or approved (what budgets count from), if it was
 * @param decidedBy who approved or rejected it, if a person did
 * @param maxFee the most its fee may cost, as quoted
 * @param worstCase per asset, the most it may cost (amounts plus maximum fee)
 * @param service for an API purchase, the host whose API it buys
 */
public record LedgerEntry(String id, String wallet, PaymentIntent intent, EntryState state, String rule, String reason,
                          String recipient, Optional<String> paymentHash, Instant createdAt, Optional<Instant> authorizedAt,
                          Optional<Instant> approvalExpiresAt, Optional<String> decidedBy,
                          Optional<PreparedPayment> prepared, Optional<PaymentOutcome> outcome, Optional<Amount> maxFee,
                          List<Amount> worstCase, Optional<String> service) {

    public LedgerEntry {
        worstCase = List.copyOf(worstCase);
        service = service == null ? Optional.empty() : service;
    }

    LedgerEntry with(EntryState newState) {
        return new LedgerEntry(id, wallet, intent, newState, rule, reason, recipient, paymentHash, createdAt, authorizedAt,
                approvalExpiresAt, decidedBy, prepared, outcome, maxFee, worstCase, service);
    }
}
