package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.util.Optional;

/**
 * An owner's duty call whose caller asked for a person ({@link Grounding.OwnerDuty#askPerson()}, such as a DAO vote cast
 * with more weight than the owner lets the agent use alone) waits for approval, with the caller's reason on the card.
 */
public final class OwnerDutyConfirmationRule implements PolicyRule {

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        if (r.approved() || !(r.grounding() instanceof Grounding.OwnerDuty duty)) {
            return Optional.empty();
        }
        return duty.askPerson().map(why -> new PolicyDecision.NeedsApproval("owner-duty", duty.duty() + ": " + why));
    }
}
