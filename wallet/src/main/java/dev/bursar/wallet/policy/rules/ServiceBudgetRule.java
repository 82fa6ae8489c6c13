package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.util.Map;
import java.util.Optional;

/**
 * Per-service budgets for API purchases: the worst case of a paid fetch plus what the journal says this agent already
 * committed to the same service (its host) within the window must stay within that asset's service budget, so one API
 * that keeps asking cannot drain the agent's whole budget. Payments that buy no API access are not its concern.
 */
public final class ServiceBudgetRule implements PolicyRule {

    private final Map<String, BudgetRule.Budget> budgets;

    /** @param budgets the budget each service gets, per asset id */
    public ServiceBudgetRule(Map<String, BudgetRule.Budget> budgets) {
        this.budgets = Map.copyOf(budgets);
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        if (!(r.grounding() instanceof Grounding.PaidFetch fetch)) {
            return Optional.empty();
        }
        for (Amount worst : r.worstCase().values()) {
            BudgetRule.Budget budget = budgets.get(worst.asset().id());
            if (budget == null) {
                continue; // an asset without a per-transaction cap is refused by SpendingCapRule
            }
            Amount committed = r.history().committedToServiceSince(r.agentId(), fetch.host(), worst.asset(), r.now().minus(budget.window()));
            if (committed.plus(worst).isGreaterThan(budget.cap())) {
                return Optional.of(new PolicyDecision.Deny("service-budget", "the " + Windows.describe(budget.window()) + " budget of "
                        + budget.cap() + " for the API at " + fetch.host() + " would be exceeded (" + committed + " already committed to it, "
                        + Fees.describe(r, worst) + " asked)"));
            }
        }
        return Optional.empty();
    }
}
