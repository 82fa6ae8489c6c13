package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.binding.ProposedSpend;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.util.Map;
import java.util.Optional;

/**
 * Per-transaction caps on the worst case: what a payment moves plus the most its fee may cost, per asset. An asset
 * without a cap cannot be spent at all, and that includes the native coin that pays an ERC-20 transfer's gas.
 */
public final class SpendingCapRule implements PolicyRule {

    private final Map<String, Amount> caps;

    /** @param caps the cap per asset id */
    public SpendingCapRule(Map<String, Amount> caps) {
        this.caps = Map.copyOf(caps);
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        for (ProposedSpend s : r.spends()) {
            if (s instanceof ProposedSpend.UnknownToken u) {
                return Optional.of(new PolicyDecision.Deny("no-limit", "the call data moves the token at " + u.contract()
                        + " (" + u.function() + "), which has no spending limit, so it cannot be spent"));
            }
        }
        for (Amount worst : r.worstCase().values()) {
            Amount cap = caps.get(worst.asset().id());
            if (cap == null) {
                return Optional.of(new PolicyDecision.Deny("no-limit", "no spending limit is configured for " + worst.asset().id()
                        + ", so it cannot be spent" + Fees.note(r, worst.asset())));
            }
            if (worst.isGreaterThan(cap)) {
                return Optional.of(new PolicyDecision.Deny("max-per-transaction", Fees.describe(r, worst)
                        + " is above the per-transaction limit of " + cap));
            }
        }
        return Optional.empty();
    }
}
