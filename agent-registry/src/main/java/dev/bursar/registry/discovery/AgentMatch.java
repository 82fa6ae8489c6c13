package dev.bursar.registry.discovery;

import java.util.Objects;

/**
 * One answer to {@link AgentIndex#query}: the agent, how well its skills, services, name and description match the
 * query text (higher is better), and its reputation over trusted reviewers.
 */
public record AgentMatch(IndexedAgent agent, int textScore, ReputationSummary reputation) {

    public AgentMatch {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(reputation, "reputation");
    }
}
