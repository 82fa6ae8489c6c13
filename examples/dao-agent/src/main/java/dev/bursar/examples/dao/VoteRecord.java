package dev.bursar.examples.dao;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** A vote the agent cast: which proposal, how, why, the simulation evidence, the transaction, when. */
public record VoteRecord(int number, BigInteger proposalId, String title, VoteChoice choice, String reason, List<String> evidence,
                         String txHash, Instant at) {

    public VoteRecord {
        evidence = List.copyOf(evidence);
    }
}
