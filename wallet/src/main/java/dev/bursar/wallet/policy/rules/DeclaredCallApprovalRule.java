package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.binding.ProposedSpend;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;
import dev.bursar.wallet.value.EvmAddress;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Calls the owner declared value-neutral but wants a person to see first (a DAO vote cast with the agent's weight): a
 * call of one of {@code selectors} on its contract waits for approval, with {@code reason} on the card.
 */
public final class DeclaredCallApprovalRule implements PolicyRule {

    private final Map<EvmAddress, List<String>> calls;
    private final String reason;

    /** @param calls the 4-byte selectors (0x-hex) per contract that need a person's approval */
    public DeclaredCallApprovalRule(Map<EvmAddress, List<String>> calls, String reason) {
        this.calls = calls.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()));
        this.reason = reason;
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        if (r.approved()) {
            return Optional.empty();
        }
        return r.spends().stream().filter(ProposedSpend.DeclaredCall.class::isInstance).map(ProposedSpend.DeclaredCall.class::cast)
                .filter(c -> calls.getOrDefault(c.contract(), List.of()).contains(c.selector().toLowerCase(Locale.ROOT)))
                .findFirst()
                .map(c -> new PolicyDecision.NeedsApproval("declared-call", reason + ": the owner asked to approve each call of "
                        + c.selector() + " on " + c.contract().value()));
    }
}
