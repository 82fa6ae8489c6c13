package dev.bursar.runtime.agent;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.policy.TransactionGuard;

import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link PaymentPolicy} from an agent definition's policy section, reading amounts against the assets the
 * agent's wallets hold; a bad amount or address is an error naming the agent and the field.
 */
final class PolicyFactory {

    private PolicyFactory() {
    }

    static PaymentPolicy build(String agentId, AgentDefinition.Policy p, List<Asset> assets, Optional<TransactionGuard> guard) {
        PaymentPolicy.Builder b = PaymentPolicy.builder();
        for (String cap : p.maxPerTransaction()) {
            b.maxPerTransaction(amount(agentId, "policy.maxPerTransaction", cap, assets));
        }
        p.approvalAbove().orElse(List.of()).forEach(t -> b.approvalAbove(amount(agentId, "policy.approvalAbove", t, assets)));
        p.budgets().orElse(List.of()).forEach(budget -> {
            if (budget.window() == null || budget.cap() == null) {
                throw new AgentDefinitionException("agent " + agentId + ": field 'policy.budgets' needs window and cap");
            }
            b.budget(budget.window(), amount(agentId, "policy.budgets.cap", budget.cap(), assets));
        });
        try {
            p.allowRecipients().ifPresent(r -> b.allowRecipients(r.toArray(String[]::new)));
            p.denyRecipients().ifPresent(r -> b.denyRecipients(r.toArray(String[]::new)));
            p.allowContracts().ifPresent(c -> b.allowContracts(c.stream().map(EvmAddress::of).toArray(EvmAddress[]::new)));
            p.rateLimit().ifPresent(r -> b.rateLimit(r.count(), r.window()));
            guard.ifPresent(b::guard);
            b.assets(assets);
            b.bindToUserWords(p.bindingOrDefault());
            return b.build();
        } catch (AgentDefinitionException e) {
            throw new AgentDefinitionException("agent " + agentId + ": " + e.getMessage(), e);
        } catch (InvalidInputException | IllegalArgumentException e) {
            throw new AgentDefinitionException("agent " + agentId + ": field 'policy': " + e.getMessage(), e);
        }
    }

    private static Amount amount(String agentId, String field, String text, List<Asset> assets) {
        try {
            return Amount.parse(text, assets);
        } catch (InvalidInputException e) {
            throw new AgentDefinitionException("agent " + agentId + ": field '" + field + "': " + e.getMessage(), e);
        }
    }
}
