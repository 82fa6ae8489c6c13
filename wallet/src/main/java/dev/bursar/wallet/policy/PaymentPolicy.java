package dev.bursar.wallet.policy;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.evm.EvmAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One agent's spending rules, fixed when built from configuration and immutable after: per-transaction caps and
 * rolling budgets per asset, recipient allow/deny lists, a contract-call allowlist, a rate limit, an approval threshold
 * and an optional {@link TransactionGuard}. An asset with no cap configured cannot be spent at all.
 */
public final class PaymentPolicy {

    private final Map<String, Amount> maxPerTransaction;
    private final Map<String, List<Budget>> budgets;
    private final Map<String, Amount> approvalAbove;
    private final Set<String> allowedRecipients;
    private final Set<String> deniedRecipients;
    private final Set<String> allowedContracts;
    private final int rateLimitCount;
    private final Duration rateLimitWindow;
    private final Optional<TransactionGuard> guard;

    private PaymentPolicy(Builder b) {
        this.maxPerTransaction = Map.copyOf(b.maxPerTransaction);
        Map<String, List<Budget>> copy = new HashMap<>();
        b.budgets.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.budgets = Map.copyOf(copy);
        this.approvalAbove = Map.copyOf(b.approvalAbove);
        this.allowedRecipients = Set.copyOf(b.allowedRecipients);
        this.deniedRecipients = Set.copyOf(b.deniedRecipients);
        this.allowedContracts = Set.copyOf(b.allowedContracts);
        this.rateLimitCount = b.rateLimitCount;
        this.rateLimitWindow = b.rateLimitWindow;
        this.guard = Optional.ofNullable(b.guard);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides on {@code quote} for {@code agentId}, given what the journal says was already committed.
     *
     * @param approved true when a person has approved this very intent: the approval threshold and a guard's WARN no
     *                 longer hold it back, but every hard rule (caps, budgets, lists, BLOCK) still applies
     */
    public PolicyDecision evaluate(String agentId, Quote quote, SpendHistory history, Instant now, boolean approved) {
        Amount amount = quote.amount();
        Asset asset = amount.asset();
        Amount cap = maxPerTransaction.get(asset.id());
        if (cap == null) {
            return new PolicyDecision.Deny("no-limit", "no spending limit is configured for " + asset.id() + ", so it cannot be spent");
        }
        String recipient = quote.recipient().toLowerCase(Locale.ROOT);
        if (deniedRecipients.contains(recipient)) {
            return new PolicyDecision.Deny("denylist", "recipient " + quote.recipient() + " is on the deny list");
        }
        if (!allowedRecipients.isEmpty() && !allowedRecipients.contains(recipient)) {
            return new PolicyDecision.Deny("allowlist", "recipient " + quote.recipient() + " is not on the allow list");
        }
        Optional<String> contract = contractNeedingAllowance(quote);
        if (contract.isPresent() && !allowedContracts.contains(contract.get())) {
            return new PolicyDecision.Deny("contract-allowlist", "contract " + contract.get() + " is not on the contract-call allow list");
        }
        if (amount.isGreaterThan(cap)) {
            return new PolicyDecision.Deny("max-per-transaction", amount + " is above the per-transaction limit of " + cap);
        }
        if (rateLimitCount > 0) {
            int recent = history.paymentsSince(agentId, now.minus(rateLimitWindow));
            if (recent >= rateLimitCount) {
                return new PolicyDecision.Deny("rate-limit", "rate limit reached: " + recent + " payments in the last " + describe(rateLimitWindow));
            }
        }
        for (Budget budget : budgets.getOrDefault(asset.id(), List.of())) {
            Amount committed = history.committedSince(agentId, asset, now.minus(budget.window()));
            Amount after = committed.plus(amount);
            if (after.isGreaterThan(budget.cap())) {
                return new PolicyDecision.Deny("budget", "the " + describe(budget.window()) + " budget of " + budget.cap()
                        + " would be exceeded (" + committed + " already committed, " + amount + " asked)");
            }
        }
        if (guard.isPresent() && isEvm(asset)) {
            GuardVerdict verdict;
            try {
                verdict = guard.get().assess(quote);
            } catch (RuntimeException e) {
                return new PolicyDecision.Deny("guard", "the transaction guard could not assess this payment (" + e.getMessage()
                        + "); an unknown risk is never treated as safe");
            }
            if (verdict.verdict() == GuardVerdict.Verdict.BLOCK) {
                return new PolicyDecision.Deny("guard", "blocked by the transaction guard: " + verdict.summary());
            }
            if (verdict.verdict() == GuardVerdict.Verdict.WARN && !approved) {
                return new PolicyDecision.NeedsApproval("guard", "the transaction guard asks for approval: " + verdict.summary());
            }
        }
        Amount threshold = approvalAbove.get(asset.id());
        if (!approved && threshold != null && amount.isGreaterThan(threshold)) {
            return new PolicyDecision.NeedsApproval("approval-threshold", amount + " is above the approval threshold of " + threshold);
        }
        return PolicyDecision.allow();
    }

    private static boolean isEvm(Asset asset) {
        return !(asset instanceof Asset.LightningBitcoin);
    }

    private static Optional<String> contractNeedingAllowance(Quote quote) {
        PaymentTarget target = quote.intent().target();
        if (target instanceof PaymentTarget.ContractCall call) {
            return Optional.of(call.contract().lowerCase());
        }
        if (target instanceof PaymentTarget.Erc20Approval approval) {
            return Optional.of(approval.spender().lowerCase());
        }
        return Optional.empty();
    }

    private static String describe(Duration window) {
        if (window.toDaysPart() > 0 && window.toHoursPart() == 0 && window.toMinutesPart() == 0) {
            return window.toDays() == 1 ? "daily" : window.toDays() + "-day";
        }
        if (window.toHours() > 0 && window.toMinutesPart() == 0) {
            return window.toHours() == 1 ? "hourly" : window.toHours() + "-hour";
        }
        return window.toSeconds() + "-second";
    }

    /** A rolling budget: at most {@code cap} committed within any {@code window}. */
    public record Budget(Duration window, Amount cap) {
    }

    /** Builds a {@link PaymentPolicy} from configuration. */
    public static final class Builder {
        private final Map<String, Amount> maxPerTransaction = new HashMap<>();
        private final Map<String, List<Budget>> budgets = new HashMap<>();
        private final Map<String, Amount> approvalAbove = new HashMap<>();
        private final Set<String> allowedRecipients = new HashSet<>();
        private final Set<String> deniedRecipients = new HashSet<>();
        private final Set<String> allowedContracts = new HashSet<>();
        private int rateLimitCount;
        private Duration rateLimitWindow = Duration.ofMinutes(1);
        private TransactionGuard guard;

        private Builder() {
        }

        /** The most one payment of {@code cap}'s asset may move. Required for every asset the agent may spend. */
        public Builder maxPerTransaction(Amount cap) {
            maxPerTransaction.put(cap.asset().id(), cap);
            return this;
        }

        /** At most {@code cap} of its asset within any rolling {@code window} (for example 1 hour, 1 day). */
        public Builder budget(Duration window, Amount cap) {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a budget window must be positive");
            }
            budgets.computeIfAbsent(cap.asset().id(), k -> new ArrayList<>()).add(new Budget(window, cap));
            return this;
        }

        /** Payments of the threshold's asset above {@code threshold} wait for a person's approval. */
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

        /** At most {@code count} payments within any rolling {@code window}. */
        public Builder rateLimit(int count, Duration window) {
            if (count <= 0 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a rate limit needs a positive count and window");
            }
            this.rateLimitCount = count;
            this.rateLimitWindow = window;
            return this;
        }

        public Builder guard(TransactionGuard guard) {
            this.guard = guard;
            return this;
        }

        public PaymentPolicy build() {
            for (String asset : approvalAbove.keySet()) {
                if (!maxPerTransaction.containsKey(asset)) {
                    throw new IllegalArgumentException("an approval threshold for " + asset + " needs a per-transaction limit too");
                }
            }
            return new PaymentPolicy(this);
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
