package dev.bursar.wallet.policy;

/**
 * What policy says about one quoted intent: allow it, deny it with a reason, or hold it for a human's approval.
 */
public sealed interface PolicyDecision {

    /** The reason shown to the agent, the user and the journal. */
    String reason();

    /** The payment may go ahead. */
    record Allow(String reason) implements PolicyDecision {
    }

    /** The payment must not happen; {@code rule} names the rule that refused it (for metrics and the UI). */
    record Deny(String rule, String reason) implements PolicyDecision {
    }

    /** A person must approve the payment before it happens. */
    record NeedsApproval(String rule, String reason) implements PolicyDecision {
    }

    static PolicyDecision allow() {
        return new Allow("within policy");
    }
}
