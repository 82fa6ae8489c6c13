package dev.bursar.wallet.policy;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.IntentBinding;
import dev.bursar.wallet.binding.ProposedSpend;
import dev.bursar.wallet.binding.SpendReader;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.policy.rules.ApprovalThresholdRule;
import dev.bursar.wallet.policy.rules.BudgetRule;
import dev.bursar.wallet.policy.rules.CalldataRule;
import dev.bursar.wallet.policy.rules.ContractAllowlistRule;
import dev.bursar.wallet.policy.rules.GuardRule;
import dev.bursar.wallet.policy.rules.IntentBindingRule;
import dev.bursar.wallet.policy.rules.OwnerDutyConfirmationRule;
import dev.bursar.wallet.policy.rules.RateLimitRule;
import dev.bursar.wallet.policy.rules.RecipientListRule;
import dev.bursar.wallet.policy.rules.ServiceBudgetRule;
import dev.bursar.wallet.policy.rules.SpendingCapRule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One agent's spending rules as a chain of small {@link PolicyRule}s, fixed when built from configuration: intent
 * binding to the user's words, per-transaction caps and rolling budgets on the worst case (amount plus maximum fee),
 * per-service budgets for API purchases (on by default), recipient and contract lists, a rate limit, a transaction guard, unreadable call data, and an approval threshold.
 * Every rule runs; a refusal wins over a hold for approval. An asset with no cap configured cannot be spent at all.
 */
public final class PaymentPolicy {

    private final List<PolicyRule> rules;
    private final SpendReader reader;

    private PaymentPolicy(List<PolicyRule> rules, SpendReader reader) {
        this.rules = List.copyOf(rules);
        this.reader = reader;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What {@code quote} would move: transfers, allowances, invoices, and what its call data does. */
    public List<ProposedSpend> spends(Quote quote) {
        return reader.read(quote.intent());
    }

    /** The most {@code quote} can cost per asset (by asset id): everything it moves plus its maximum fee. */
    public Map<String, Amount> worstCase(Quote quote) {
        Map<String, Amount> worst = new LinkedHashMap<>();
        for (ProposedSpend s : spends(quote)) {
            switch (s) {
                case ProposedSpend.Transfer t -> worst.merge(t.amount().asset().id(), t.amount(), Amount::plus);
                case ProposedSpend.Allowance a -> worst.merge(a.amount().asset().id(), a.amount(), Amount::plus);
                case ProposedSpend.Invoice i -> worst.merge(i.amount().asset().id(), i.amount(), Amount::plus);
                case ProposedSpend.SignedTransfer t -> worst.merge(t.amount().asset().id(), t.amount(), Amount::plus);
                default -> {
                }
            }
        }
        quote.maxFee().ifPresent(fee -> worst.merge(fee.asset().id(), fee, Amount::plus));
        return worst;
    }

    /**
     * Decides on {@code quote} for {@code agentId}, given what grounds it and what the journal says was already
     * committed.
     *
     * @param approved true when a person has approved this very intent: the approval threshold, intent binding and a
     *                 guard's WARN no longer hold it back, but every hard rule (caps, budgets, lists, BLOCK) still applies
     */
    public PolicyDecision evaluate(String agentId, Quote quote, Grounding grounding, SpendHistory history, Instant now, boolean approved) {
        PolicyRequest request = new PolicyRequest(agentId, quote, spends(quote), worstCase(quote), grounding, history, now, approved);
        PolicyDecision held = null;
        for (PolicyRule rule : rules) {
            Optional<PolicyDecision> d = rule.evaluate(request);
            if (d.isPresent()) {
                if (d.get() instanceof PolicyDecision.Deny) {
                    return d.get();
                }
                if (held == null && d.get() instanceof PolicyDecision.NeedsApproval) {
                    held = d.get();
                }
            }
        }
        return held != null ? held : PolicyDecision.allow();
    }

    /** {@link #evaluate(String, Quote, Grounding, SpendHistory, Instant, boolean)} for a payment grounded in nothing. */
    public PolicyDecision evaluate(String agentId, Quote quote, SpendHistory history, Instant now, boolean approved) {
        return evaluate(agentId, quote, Grounding.none(), history, now, approved);
    }

    /** Builds a {@link PaymentPolicy} from configuration. */
    public static final class Builder {
        private final Map<String, Amount> maxPerTransaction = new HashMap<>();
        private final Map<String, List<BudgetRule.Budget>> budgets = new HashMap<>();
        private final Map<String, BudgetRule.Budget> serviceBudgets = new HashMap<>();
        private final Map<String, Amount> approvalAbove = new HashMap<>();
        private final Set<String> allowedRecipients = new HashSet<>();
        private final Set<String> deniedRecipients = new HashSet<>();
        private final Set<String> allowedContracts = new HashSet<>();
        private final Map<EvmAddress, Set<String>> declaredCalls = new HashMap<>();
        private final Set<Asset> assets = new LinkedHashSet<>();
        private final List<PolicyRule> extraRules = new ArrayList<>();
        private RateLimitRule rateLimit;
        private TransactionGuard guard;
        private IntentBindingRule.Mode binding;

        private Builder() {
        }

        /** The most one payment of {@code cap}'s asset may cost, fee included. Required for every asset the agent may spend. */
        public Builder maxPerTransaction(Amount cap) {
            maxPerTransaction.put(cap.asset().id(), cap);
            assets.add(cap.asset());
            return this;
        }

        /** At most {@code cap} of its asset (fees included) within any rolling {@code window} (for example 1 hour, 1 day). */
        public Builder budget(Duration window, Amount cap) {
            budgets.computeIfAbsent(cap.asset().id(), k -> new ArrayList<>()).add(new BudgetRule.Budget(window, cap));
            return this;
        }

        /** Payments whose amount plus maximum fee in the threshold's asset is above {@code threshold} wait for approval. */
        public Builder approvalAbove(Amount threshold) {
            approvalAbove.put(threshold.asset().id(), threshold);
            return this;
        }

        /** Only these recipients (EVM addresses or Lightning node public keys) may be paid. */
        public Builder allowRecipients(String... recipients) {
            for (String r : recipients) {
                allowedRecipients.add(normalize(r));
            }
            return this;
        }

        /** These recipients may never be paid. */
        public Builder denyRecipients(String... recipients) {
            for (String r : recipients) {
                deniedRecipients.add(normalize(r));
            }
            return this;
        }

        /** Contracts that may be called, and spenders that may be approved; all others are refused. */
        public Builder allowContracts(EvmAddress... contracts) {
            for (EvmAddress c : contracts) {
                allowedContracts.add(c.lowerCase());
            }
            return this;
        }

        /**
         * Declares that calls to {@code contract} with these 4-byte selectors ({@code 0x1234abcd}) move none of the
         * agent's value by themselves (escrow steps, registry writes): they need no person's approval for opaque call
         * data. The contract must still be allowed ({@link #allowContracts}), and any allowance they spend is judged
         * as a spend when it is granted.
         */
        public Builder declareCalls(EvmAddress contract, String... selectors) {
            Set<String> set = declaredCalls.computeIfAbsent(contract, c -> new HashSet<>());
            for (String s : selectors) {
                if (s == null || !s.matches("0x[0-9a-fA-F]{8}")) {
                    throw new IllegalArgumentException("a declared call's selector is 0x and 8 hex digits, got '" + s + "'");
                }
                set.add(s.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** At most {@code count} payments within any rolling {@code window}. */
        public Builder rateLimit(int count, Duration window) {
            this.rateLimit = new RateLimitRule(count, window);
            return this;
        }

        public Builder guard(TransactionGuard guard) {
            this.guard = guard;
            return this;
        }

        /**
         * Every payment must be grounded in the user's own words or the owner's address book ({@link IntentBindingRule});
         * {@code mode} says whether an ungrounded one is refused or held for approval. Agents that chat always bind.
         */
        public Builder bindToUserWords(IntentBindingRule.Mode mode) {
            this.binding = mode;
            return this;
        }

        /** Assets the agent holds beyond those its caps name, so binding recognizes every unit the user may write. */
        public Builder assets(Collection<? extends Asset> held) {
            assets.addAll(held);
            return this;
        }

        /**
         * At most {@code cap} of its asset (fees included) paid to any one API service (host) within {@code window}.
         * Unless set, every asset with a per-transaction limit gets {@value #DEFAULT_SERVICE_BUDGET_PAYMENTS} times that
         * limit per day for each service.
         */
        public Builder serviceBudget(Duration window, Amount cap) {
            serviceBudgets.put(cap.asset().id(), new BudgetRule.Budget(window, cap));
            return this;
        }

        /** How many per-transaction limits one API service may be paid per day when no service budget is set. */
        public static final int DEFAULT_SERVICE_BUDGET_PAYMENTS = 10;

        /** An extra rule, run after the built-in ones. */
        public Builder rule(PolicyRule rule) {
            extraRules.add(rule);
            return this;
        }

        public PaymentPolicy build() {
            for (String asset : approvalAbove.keySet()) {
                if (!maxPerTransaction.containsKey(asset)) {
                    throw new IllegalArgumentException("an approval threshold for " + asset + " needs a per-transaction limit too");
                }
            }
            List<PolicyRule> chain = new ArrayList<>();
            if (binding != null) {
                chain.add(new IntentBindingRule(new IntentBinding(List.copyOf(assets)), binding));
            }
            chain.add(new SpendingCapRule(maxPerTransaction));
            chain.add(new RecipientListRule(allowedRecipients, deniedRecipients));
            chain.add(new ContractAllowlistRule(allowedContracts));
            if (rateLimit != null) {
                chain.add(rateLimit);
            }
            chain.add(new BudgetRule(budgets));
            Map<String, BudgetRule.Budget> perService = new HashMap<>();
            maxPerTransaction.forEach((asset, cap) -> perService.put(asset, new BudgetRule.Budget(Duration.ofDays(1),
                    Amount.ofUnits(cap.asset(), cap.units().multiply(java.math.BigInteger.valueOf(DEFAULT_SERVICE_BUDGET_PAYMENTS))))));
            perService.putAll(serviceBudgets);
            chain.add(new ServiceBudgetRule(perService));
            chain.add(new CalldataRule());
            chain.addAll(extraRules);
            if (guard != null) {
                chain.add(new GuardRule(guard)); // after the cheap rules: a refusal needs no contract scan
            }
            chain.add(new OwnerDutyConfirmationRule());
            chain.add(new ApprovalThresholdRule(approvalAbove));
            Map<EvmAddress, Set<String>> declared = new HashMap<>();
            declaredCalls.forEach((c, selectors) -> declared.put(c, Set.copyOf(selectors)));
            return new PaymentPolicy(chain, new SpendReader(List.copyOf(assets), declared));
        }

        private static String normalize(String recipient) {
            if (recipient == null || recipient.isBlank()) {
                throw new IllegalArgumentException("a recipient in a policy list cannot be blank");
            }
            String r = recipient.trim();
            return (r.startsWith("0x") ? EvmAddress.of(r).lowerCase() : r).toLowerCase(Locale.ROOT);
        }
    }
}
