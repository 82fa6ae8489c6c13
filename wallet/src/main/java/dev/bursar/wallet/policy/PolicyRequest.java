package dev.bursar.wallet.policy;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.ProposedSpend;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@link PolicyRule} may look at: the quote, what it would move ({@code spends}), its worst case per
 * asset (amounts plus the maximum fee, by asset id), what grounds it, the journal's history, the time, and whether a
 * person already approved this very intent.
 */
public record PolicyRequest(String agentId, Quote quote, List<ProposedSpend> spends, Map<String, Amount> worstCase,
                            Grounding grounding, SpendHistory history, Instant now, boolean approved) {

    public PolicyRequest {
        spends = List.copyOf(spends);
        worstCase = Map.copyOf(worstCase);
    }
}
