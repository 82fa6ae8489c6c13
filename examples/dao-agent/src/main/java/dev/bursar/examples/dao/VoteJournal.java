package dev.bursar.examples.dao;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's votes and their reasons, one JSON line each, appended and forced to disk after the vote is sent: what a
 * delegator reads when asking "why did you vote against 3?".
 */
public final class VoteJournal {

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public VoteJournal(Path file) {
        this.file = file;
    }

    public synchronized void add(VoteRecord vote) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json.writeValueAsString(vote) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new GovernanceException("cannot record the vote on " + vote.number() + " in " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized List<VoteRecord> all() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<VoteRecord> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(json.readValue(line, VoteRecord.class));
                }
            }
            return out;
        } catch (IOException e) {
            throw new GovernanceException("the vote journal " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The vote on the proposal with on-chain id {@code proposalId}, if the agent cast one. */
    public Optional<VoteRecord> onProposal(java.math.BigInteger proposalId) {
        return all().stream().filter(v -> v.proposalId().equals(proposalId)).reduce((a, b) -> b);
    }
}
