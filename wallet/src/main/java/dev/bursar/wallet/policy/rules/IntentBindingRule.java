package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.binding.BindingResult;
import dev.bursar.wallet.binding.IntentBinding;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.util.Optional;

/**
 * A payment must be the one the user asked for ({@link IntentBinding}): an ungrounded or mismatched intent is refused,
 * or, when the owner chose so, held for approval with the discrepancy on the card. Holds with every other limit
 * loosened; a person's approval of this very intent is what lifts it.
 */
public final class IntentBindingRule implements PolicyRule {

    /** What happens to a payment that is not grounded in the user's words. */
    public enum Mode {
        /** Refuse it; the agent asks the user what they meant. */
        DENY,
        /** Hold it for the owner's approval, showing the discrepancy. */
        APPROVE
    }

    private final IntentBinding binding;
    private final Mode mode;

    public IntentBindingRule(IntentBinding binding, Mode mode) {
        this.binding = binding;
        this.mode = mode;
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        if (r.approved()) {
            return Optional.empty();
        }
        if (binding.check(r.spends(), r.grounding()) instanceof BindingResult.Ungrounded u) {
            String reason = "not the payment you asked for: " + u.discrepancy();
            return Optional.of(mode == Mode.DENY ? new PolicyDecision.Deny("intent-binding", reason)
                    : new PolicyDecision.NeedsApproval("intent-binding", reason));
        }
        return Optional.empty();
    }
}
