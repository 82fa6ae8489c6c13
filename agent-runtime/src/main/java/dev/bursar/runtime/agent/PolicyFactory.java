package dev.bursar.runtime.agent;

import dev.bursar.tools.OwnerDuties;
import dev.bursar.wallet.policy.rules.DeclaredCallApprovalRule;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.policy.TransactionGuard;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link PaymentPolicy} from an agent definition's policy section, reading amounts against the assets the
 * agent's wallets hold; a bad amount or address is an error naming the agent and the field.
 */
final class PolicyFactory {

    private PolicyFactory() {
    }

    static PaymentPolicy build(String agentId, AgentDefinition.Policy p, Optional<AgentDefinition.L402> paidApis, List<Asset> assets,
                               Optional<TransactionGuard> guard) {
        return build(agentId, p, paidApis, assets, guard, b -> b);
    }

    /** @param extra adds what the runtime grants beyond the definition (the agent registry's contracts and calls) */
    static PaymentPolicy build(String agentId, AgentDefinition.Policy p, Optional<AgentDefinition.L402> paidApis, List<Asset> assets,
                               Optional<TransactionGuard> guard, java.util.function.UnaryOperator<PaymentPolicy.Builder> extra) {
        PaymentPolicy.Builder b = PaymentPolicy.builder();
        paidApis.ifPresent(l402 -> serviceBudgets(agentId, l402, assets, b));
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
            return extra.apply(b).build();
        } catch (AgentDefinitionException e) {
            throw new AgentDefinitionException("agent " + agentId + ": " + e.getMessage(), e);
        } catch (InvalidInputException | IllegalArgumentException e) {
            throw new AgentDefinitionException("agent " + agentId + ": field 'policy': " + e.getMessage(), e);
        }
    }

    /**
     * Each paid API service's budget, in the wallet's policy: over Lightning {@code l402.hostBudgetSats} per
     * {@code hostBudgetWindow} (default {@value PaymentPolicy.Builder#DEFAULT_SERVICE_BUDGET_PAYMENTS} times
     * {@code maxPriceSats} a day); over x402 that many times each token's {@code maxPrice} a day.
     */
    private static void serviceBudgets(String agentId, AgentDefinition.L402 l402, List<Asset> assets, PaymentPolicy.Builder b) {
        int times = PaymentPolicy.Builder.DEFAULT_SERVICE_BUDGET_PAYMENTS;
        Duration window = l402.hostBudgetWindow().orElse(Duration.ofDays(1));
        assets.stream().filter(Asset.LightningBitcoin.class::isInstance).findFirst().ifPresent(ln -> {
            try {
                long sats = l402.hostBudgetSats().orElse(l402.maxPriceSats() == null ? 0L : Math.multiplyExact(l402.maxPriceSats(), (long) times));
                if (sats > 0) {
                    b.serviceBudget(window, Amount.ofUnits(ln, Math.multiplyExact(sats, 1000L)));
                }
            } catch (ArithmeticException e) {
                throw new AgentDefinitionException("agent " + agentId + ": field 'l402': maxPriceSats or hostBudgetSats is too large");
            }
        });
        l402.x402().ifPresent(x -> x.maxPrice().forEach(price -> {
            Amount max = amount(agentId, "l402.x402.maxPrice", price, assets);
            b.serviceBudget(Duration.ofDays(1), Amount.ofUnits(max.asset(), max.units().multiply(java.math.BigInteger.valueOf(times))));
        }));
    }

    /** The owner's duties as {@code duties} declares them; a bad address or selector names the agent and the duty. */
    static List<OwnerDuties.Duty> duties(String agentId, java.util.Map<String, AgentDefinition.Duty> duties) {
        List<OwnerDuties.Duty> parsed = new java.util.ArrayList<>();
        duties.forEach((name, d) -> {
            if (d == null) {
                throw new AgentDefinitionException("agent " + agentId + ": field 'duties." + name + "' needs a description and calls");
            }
            try {
                java.util.Map<EvmAddress, List<String>> calls = new java.util.LinkedHashMap<>();
                d.calls().forEach((contract, selectors) -> calls.put(EvmAddress.of(contract), selectors));
                parsed.add(new OwnerDuties.Duty(name, d.description(), calls));
            } catch (InvalidInputException | IllegalArgumentException e) {
                throw new AgentDefinitionException("agent " + agentId + ": field 'duties." + name + "': " + e.getMessage(), e);
            }
        });
        return parsed;
    }

    /**
     * Allows each duty's contracts with its functions declared value-neutral, and holds the calls of a duty marked
     * {@code approval: true} for a person.
     */
    static PaymentPolicy.Builder declareDuties(PaymentPolicy.Builder b, List<OwnerDuties.Duty> duties,
                                               java.util.Map<String, AgentDefinition.Duty> definitions) {
        for (OwnerDuties.Duty duty : duties) {
            duty.calls().forEach((contract, selectors) -> b.allowContracts(contract).declareCalls(contract, selectors.toArray(String[]::new)));
            if (definitions.get(duty.name()).approval().orElse(false)) {
                b.rule(new DeclaredCallApprovalRule(duty.calls(), "duty " + duty.name() + " (" + duty.description() + ")"));
            }
        }
        return b;
    }

    private static Amount amount(String agentId, String field, String text, List<Asset> assets) {
        try {
            return Amount.parse(text, assets);
        } catch (InvalidInputException e) {
            throw new AgentDefinitionException("agent " + agentId + ": field '" + field + "': " + e.getMessage(), e);
        }
    }
}
