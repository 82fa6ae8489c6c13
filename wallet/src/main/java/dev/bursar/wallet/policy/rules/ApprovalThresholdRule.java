package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.util.Map;
import java.util.Optional;

/** Payments whose worst case (amount plus maximum fee) is above the asset's threshold wait for a person's approval. */
public final class ApprovalThresholdRule implements PolicyRule {

    private final Map<String, Amount> thresholds;

    /** @param thresholds the threshold per asset id */
    public ApprovalThresholdRule(Map<String, Amount> thresholds) {
        this.thresholds = Map.copyOf(thresholds);
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        if (r.approved()) {
            return Optional.empty();
        }
        for (Amount worst : r.worstCase().values()) {
            Amount threshold = thresholds.get(worst.asset().id());
            if (threshold != null && worst.isGreaterThan(threshold)) {
                return Optional.of(new PolicyDecision.NeedsApproval("approval-threshold", Fees.describe(r, worst)
                        + " is above the approval threshold of " + threshold));
            }
        }
        return Optional.empty();
    }
}
