package dev.bursar.registry.reputation;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;

/** One stored feedback entry: who gave it to which agent, its index among that client's entries (from 1), and what it says. */
public record Feedback(BigInteger agentId, EvmAddress client, long index, FeedbackValue value, String tag1, String tag2, boolean revoked) {
}
