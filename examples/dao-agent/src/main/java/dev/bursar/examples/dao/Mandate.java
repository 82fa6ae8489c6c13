package dev.bursar.examples.dao;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the DAO tells its agent, in plain words ({@code text}, for people and for the model that writes the reasoning)
 * and in structured limits enforced in code: the largest share of any treasury holding a proposal may move (basis
 * points), and whether ownership changes, unlimited allowances and upgrades are forbidden; a proposal calling a contract
 * the safety ranking blocks is always voted against. A proposal whose simulation failed gets an abstention: nobody knows
 * what it would do.
 */
public record Mandate(String text, long maxTreasuryShareBps, boolean forbidOwnershipChanges, boolean forbidUnlimitedApprovals,
                      boolean forbidUpgrades) {

    public Mandate {
        if (maxTreasuryShareBps < 0 || maxTreasuryShareBps > 10_000) {
            throw new IllegalArgumentException("maxTreasuryShareBps is 0 to 10000 (basis points), got " + maxTreasuryShareBps);
        }
    }

    /** What the votes may be, by the structured limits, and why. */
    public record Verdict(Set<VoteChoice> allowed, List<String> reasons) {
        public Verdict {
            allowed = Set.copyOf(allowed);
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * The votes this mandate allows on a proposal with {@code effects}: only AGAINST when a limit is broken, only ABSTAIN
     * when the simulation failed, any otherwise (the reasoning decides).
     */
    public Verdict check(ProposalEffects effects) {
        if (effects.failure().isPresent()) {
            return new Verdict(EnumSet.of(VoteChoice.ABSTAIN), List.of("the simulation failed (" + effects.failure().get()
                    + "), so what it would do is unknown"));
        }
        List<String> broken = new ArrayList<>();
        if (effects.maxTreasuryShareBps() > maxTreasuryShareBps) {
            broken.add("it moves " + pct(effects.maxTreasuryShareBps()) + " of a treasury holding; the mandate allows at most "
                    + pct(maxTreasuryShareBps));
        }
        if (forbidOwnershipChanges && effects.ownershipChanged()) {
            broken.add("it changes a contract's ownership, which the mandate forbids");
        }
        if (forbidUnlimitedApprovals && effects.unlimitedApproval()) {
            broken.add("it grants an unlimited allowance on the treasury, which the mandate forbids");
        }
        if (forbidUpgrades && effects.upgraded()) {
            broken.add("it upgrades a contract, which the mandate forbids");
        }
        if (!effects.blockedTargets().isEmpty()) {
            broken.add("it calls " + String.join(", ", effects.blockedTargets()) + ", which the contract safety ranking blocks");
        }
        if (!broken.isEmpty()) {
            return new Verdict(EnumSet.of(VoteChoice.AGAINST), broken);
        }
        return new Verdict(EnumSet.allOf(VoteChoice.class), List.of("it stays within the mandate's limits"));
    }

    private static String pct(long bps) {
        return new java.math.BigDecimal(bps).movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
    }
}
