package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.Asset;
import dev.bursar.wallet.RedactedUrl;
import dev.bursar.wallet.policy.GuardVerdict;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;
import dev.bursar.wallet.policy.TransactionGuard;

import java.util.Optional;

/**
 * Runs a {@link TransactionGuard} (such as the contract safety score) on EVM payments: BLOCK refuses, WARN holds for a
 * person, and a guard that fails counts as BLOCK, since an unknown risk is never treated as safe.
 */
public final class GuardRule implements PolicyRule {

    private final TransactionGuard guard;

    public GuardRule(TransactionGuard guard) {
        this.guard = guard;
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        if (r.quote().amount().asset() instanceof Asset.LightningBitcoin) {
            return Optional.empty();
        }
        GuardVerdict verdict;
        try {
            verdict = guard.assess(r.quote());
        } catch (RuntimeException e) {
            return Optional.of(new PolicyDecision.Deny("guard", "the transaction guard could not assess this payment ("
                    + RedactedUrl.scrub(String.valueOf(e.getMessage())) + "); an unknown risk is never treated as safe"));
        }
        return switch (verdict.verdict()) {
            case BLOCK -> Optional.of(new PolicyDecision.Deny("guard", "blocked by the transaction guard: " + RedactedUrl.scrub(verdict.summary())));
            case WARN -> r.approved() ? Optional.empty()
                    : Optional.of(new PolicyDecision.NeedsApproval("guard", "the transaction guard asks for approval: " + RedactedUrl.scrub(verdict.summary())));
            case ALLOW -> Optional.empty();
        };
    }
}
