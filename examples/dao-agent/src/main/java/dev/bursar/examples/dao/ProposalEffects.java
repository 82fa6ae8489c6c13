package dev.bursar.examples.dao;

import java.util.List;
import java.util.Optional;

/**
 * What a proposal would do, measured by executing its calls as the Governor on a fork: each effect in words (transfers
 * out of the treasury, allowances it grants, ownership and implementation changes), the largest share of any treasury
 * holding it moves (basis points), and whether a call reverted (then the effects are unknown).
 */
public record ProposalEffects(List<String> effects, long maxTreasuryShareBps, boolean ownershipChanged, boolean unlimitedApproval,
                              boolean upgraded, Optional<String> failure, List<String> blockedTargets) {

    public ProposalEffects {
        effects = List.copyOf(effects);
        failure = failure == null ? Optional.empty() : failure;
        blockedTargets = blockedTargets == null ? List.of() : List.copyOf(blockedTargets);
    }

    /** Effects measured by simulation, before any safety report of the targets. */
    public ProposalEffects(List<String> effects, long maxTreasuryShareBps, boolean ownershipChanged, boolean unlimitedApproval,
                           boolean upgraded, Optional<String> failure) {
        this(effects, maxTreasuryShareBps, ownershipChanged, unlimitedApproval, upgraded, failure, List.of());
    }

    /** Effects of a simulation that could not run to its end. */
    public static ProposalEffects failed(String why) {
        return new ProposalEffects(List.of(), 0, false, false, false, Optional.of(why));
    }

    /** The same effects with the targets' safety reports added (each in words; {@code blocked}: those the ranking blocks). */
    public ProposalEffects withTargetReports(List<String> reports, List<String> blocked) {
        List<String> all = new java.util.ArrayList<>(effects);
        all.addAll(reports);
        return new ProposalEffects(all, maxTreasuryShareBps, ownershipChanged, unlimitedApproval, upgraded, failure, blocked);
    }
}
