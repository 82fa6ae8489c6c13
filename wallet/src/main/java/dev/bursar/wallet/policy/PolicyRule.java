package dev.bursar.wallet.policy;

import java.util.Optional;

/**
 * One spending rule in a {@link PaymentPolicy}'s chain: it refuses a payment, holds it for a person's approval, or has
 * nothing against it. Rules are small, independent and tested alone; the chain runs them all and a refusal wins.
 */
@FunctionalInterface
public interface PolicyRule {

    /** A {@link PolicyDecision.Deny} or {@link PolicyDecision.NeedsApproval}, or empty when this rule has no objection. */
    Optional<PolicyDecision> evaluate(PolicyRequest request);
}
