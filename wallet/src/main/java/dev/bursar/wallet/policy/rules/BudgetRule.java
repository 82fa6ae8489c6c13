package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rolling budgets: the worst case of this payment (amount plus maximum fee) plus what the journal says is already
 * committed within the window must stay within the cap, per asset.
 */
public final class BudgetRule implements PolicyRule {

    /** At most {@code cap} of its asset within any rolling {@code window}. */
    public record Budget(Duration window, Amount cap) {
        public Budget {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a budget window must be positive");
            }
        }
    }

    private final Map<String, List<Budget>> budgets;

    /** @param budgets the budgets per asset id */
    public BudgetRule(Map<String, List<Budget>> budgets) {
        this.budgets = Map.copyOf(budgets);
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        for (Amount worst : r.worstCase().values()) {
            for (Budget budget : budgets.getOrDefault(worst.asset().id(), List.of())) {
                Amount committed = r.history().committedSince(r.agentId(), worst.asset(), r.now().minus(budget.window()));
                if (committed.plus(worst).isGreaterThan(budget.cap())) {
                    return Optional.of(new PolicyDecision.Deny("budget", "the " + Windows.describe(budget.window()) + " budget of "
                            + budget.cap() + " would be exceeded (" + committed + " already committed, " + Fees.describe(r, worst) + " asked)"));
                }
            }
        }
        return Optional.empty();
    }
}
