package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.binding.ProposedSpend;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.util.Optional;

/**
 * Contract calls whose data Bursar cannot read as a known spend (not an ERC-20 transfer, approve, increaseAllowance or
 * transferFrom) wait for a person's approval: their effect on value is unknown.
 */
public final class CalldataRule implements PolicyRule {

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        if (r.approved()) {
            return Optional.empty();
        }
        return r.spends().stream().filter(ProposedSpend.OpaqueCall.class::isInstance).map(ProposedSpend.OpaqueCall.class::cast).findFirst()
                .map(o -> new PolicyDecision.NeedsApproval("calldata", "the call to " + o.contract() + " (function " + o.selector()
                        + ") is not a spend Bursar can read; a person must approve it"));
    }
}
