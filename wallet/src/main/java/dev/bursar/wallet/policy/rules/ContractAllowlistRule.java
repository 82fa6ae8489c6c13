package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.util.Optional;
import java.util.Set;

/** Contract calls and ERC-20 approvals only to contracts (spenders) on the allow list; all others are refused. */
public final class ContractAllowlistRule implements PolicyRule {

    private final Set<String> allowed;

    /** @param allowed lower-case contract addresses */
    public ContractAllowlistRule(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        Optional<String> contract = switch (r.quote().intent().target()) {
            case PaymentTarget.ContractCall call -> Optional.of(call.contract().lowerCase());
            case PaymentTarget.Erc20Approval approval -> Optional.of(approval.spender().lowerCase());
            default -> Optional.empty();
        };
        return contract.filter(c -> !allowed.contains(c))
                .map(c -> new PolicyDecision.Deny("contract-allowlist", "contract " + c + " is not on the contract-call allow list"));
    }
}
