package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.binding.ProposedSpend;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recipient allow and deny lists (lower-case EVM addresses or Lightning node keys), applied to the quote's resolved
 * recipient and to every recipient inside call data.
 */
public final class RecipientListRule implements PolicyRule {

    private final Set<String> allowed;
    private final Set<String> denied;

    /** @param allowed empty for "anyone not denied" */
    public RecipientListRule(Set<String> allowed, Set<String> denied) {
        this.allowed = Set.copyOf(allowed);
        this.denied = Set.copyOf(denied);
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        List<String> recipients = new ArrayList<>();
        recipients.add(r.quote().recipient());
        for (ProposedSpend s : r.spends()) {
            switch (s) {
                case ProposedSpend.Transfer t -> recipients.add(t.to().value());
                case ProposedSpend.Allowance a -> recipients.add(a.spender().value());
                case ProposedSpend.SignedTransfer t -> recipients.add(t.to().value());
                default -> {
                }
            }
        }
        for (String recipient : recipients) {
            String key = recipient.toLowerCase(Locale.ROOT);
            if (denied.contains(key)) {
                return Optional.of(new PolicyDecision.Deny("denylist", "recipient " + recipient + " is on the deny list"));
            }
            if (!allowed.isEmpty() && !allowed.contains(key)) {
                return Optional.of(new PolicyDecision.Deny("allowlist", "recipient " + recipient + " is not on the allow list"));
            }
        }
        return Optional.empty();
    }
}
