package dev.bursar.examples.dao;

import java.util.List;
import java.util.Optional;

/**
 * What a proposal would do, measured by executing its calls as the Governor on a fork: each effect in words (transfers
 * out of the treasury, allowances it grants, ownership and implementation changes), the largest share of any treasury
 * holding it moves (basis points), and whether a call reverted (then the effects are unknown).
 */
public record ProposalEffects(List<String> effects, long maxTreasuryShareBps, boolean ownershipChanged, boolean unlimitedApproval,
                              boolean upgraded, Optional<String> failure) {

    public ProposalEffects {
        effects = List.copyOf(effects);
        failure = failure == null ? Optional.empty() : failure;
    }

    /** Effects of a simulation that could not run to its end. */
    public static ProposalEffects failed(String why) {
        return new ProposalEffects(List.of(), 0, false, false, false, Optional.of(why));
    }
}
