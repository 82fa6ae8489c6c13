package dev.bursar.examples.dao;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * A vote the agent cast: which proposal, how, why, the simulation evidence, the transaction (or, while a person has not
 * approved it yet, the journal entry it waits in: {@code heldAs}), when.
 */
public record VoteRecord(int number, BigInteger proposalId, String title, VoteChoice choice, String reason, List<String> evidence,
                         String txHash, Instant at, String heldAs) {

    public VoteRecord {
        evidence = List.copyOf(evidence);
    }

    /** Whether the vote waits for a person's approval. */
    public boolean held() {
        return txHash == null && heldAs != null;
    }
}
