package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.policy.PolicyDecision;
import dev.bursar.wallet.policy.PolicyRequest;
import dev.bursar.wallet.policy.PolicyRule;

import java.time.Duration;
import java.util.Optional;

/** At most {@code count} payments allowed or approved within any rolling {@code window}. */
public final class RateLimitRule implements PolicyRule {

    private final int count;
    private final Duration window;

    public RateLimitRule(int count, Duration window) {
        if (count <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive count and window");
        }
        this.count = count;
        this.window = window;
    }

    @Override
    public Optional<PolicyDecision> evaluate(PolicyRequest r) {
        int recent = r.history().paymentsSince(r.agentId(), r.now().minus(window));
        return recent >= count
                ? Optional.of(new PolicyDecision.Deny("rate-limit", "rate limit reached: " + recent + " payments in the last " + Windows.describe(window)))
                : Optional.empty();
    }
}
