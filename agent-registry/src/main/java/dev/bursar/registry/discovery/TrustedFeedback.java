package dev.bursar.registry.discovery;

import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One rating of an agent by a reviewer the index trusts, as the reputation registry's {@code NewFeedback} event gave
 * it, and whether {@code FeedbackRevoked} has withdrawn it since.
 *
 * @param index the entry's index among this client's ratings of the agent (1, 2, ...)
 */
public record TrustedFeedback(BigInteger agentId, EvmAddress client, long index, FeedbackValue value, boolean revoked) {

    public TrustedFeedback {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(value, "value");
    }

    /** The same rating, revoked. */
    public TrustedFeedback revoke() {
        return new TrustedFeedback(agentId, client, index, value, true);
    }

    /** What identifies it: client and index. */
    public String key() {
        return client.lowerCase() + "#" + index;
    }
}
