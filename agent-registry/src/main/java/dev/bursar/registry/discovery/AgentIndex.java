package dev.bursar.registry.discovery;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory discovery index: agents by id and trusted reviewers' ratings, queried by skill text, price and
 * reputation. Only the {@link RegistryIndexer} changes it; each change is journaled under its block so that a reorg
 * can be undone back to the fork point. Thread-safe (one lock; queries copy what they return).
 *
 * <p>A plain map rather than a cache: an index must not evict an agent to save memory.
 */
public final class AgentIndex {

    private final Map<BigInteger, IndexedAgent> agents = new HashMap<>();
    private final Map<BigInteger, Map<String, TrustedFeedback>> feedback = new HashMap<>();
    private final Deque<BlockChanges> journal = new ArrayDeque<>();
    /** The journal holds every change made after this block. */
    private long journalFloor = Long.MIN_VALUE;

    private sealed interface Undo permits AgentWas, FeedbackWas { }

    private record AgentWas(BigInteger agentId, IndexedAgent prior) implements Undo { }

    private record FeedbackWas(BigInteger agentId, String key, TrustedFeedback prior) implements Undo { }

    private record BlockChanges(long block, List<Undo> undo) { }

    /** The agent, if it is indexed. */
    public synchronized Optional<IndexedAgent> get(BigInteger agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    /** Every indexed agent, by id. */
    public synchronized List<IndexedAgent> agents() {
        return agents.values().stream().sorted(Comparator.comparing(IndexedAgent::agentId)).toList();
    }

    /** The agent's ratings by trusted reviewers, summarised (also for an agent that is not indexed). */
    public synchronized ReputationSummary reputation(BigInteger agentId) {
        return ReputationSummary.of(feedback.getOrDefault(agentId, Map.of()).values());
    }

    /**
     * Active agents whose skills, service names, name or description contain words of {@code skillText}, ranked by how
     * well they match, then by reputation (higher first), then by agent id.
     *
     * @param skillText     words to look for, case-insensitively; blank matches every active agent
     * @param maxPrice      when present, only agents pricing a matching skill in this token at most this amount
     * @param minReputation when present, only agents rated by trusted reviewers with a mean of at least this
     */
    public synchronized List<AgentMatch> query(String skillText, Optional<Price> maxPrice, Optional<BigDecimal> minReputation) {
        List<String> words = Arrays.stream((skillText == null ? "" : skillText).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isBlank()).toList();
        List<AgentMatch> matches = new ArrayList<>();
        for (IndexedAgent agent : agents.values()) {
            if (!agent.file().active()) {
                continue;
            }
            int score = score(agent, words);
            if (!words.isEmpty() && score == 0) {
                continue;
            }
            if (maxPrice.isPresent() && !pricedWithin(agent, words, maxPrice.get())) {
                continue;
            }
            ReputationSummary reputation = reputation(agent.agentId());
            if (minReputation.isPresent() && (reputation.count() == 0
                    || reputation.average().toBigDecimal().compareTo(minReputation.get()) < 0)) {
                continue;
            }
            matches.add(new AgentMatch(agent, score, reputation));
        }
        matches.sort(Comparator.comparingInt(AgentMatch::textScore).reversed()
                .thenComparing((AgentMatch m) -> m.reputation().averageValue().orElse(null),
                        Comparator.nullsLast(Comparator.<BigDecimal>reverseOrder()))
                .thenComparing(m -> m.agent().agentId()));
        return List.copyOf(matches);
    }

    private static int score(IndexedAgent agent, List<String> words) {
        int score = 0;
        for (String word : words) {
            if (agent.skills().stream().anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(word))) {
                score += 3;
            }
            if (agent.file().services().stream().anyMatch(s -> s.name().toLowerCase(Locale.ROOT).contains(word))) {
                score += 2;
            }
            if ((agent.file().name() + " " + agent.file().description()).toLowerCase(Locale.ROOT).contains(word)) {
                score += 1;
            }
        }
        return score;
    }

    private static boolean pricedWithin(IndexedAgent agent, List<String> words, Price max) {
        return agent.prices().entrySet().stream()
                .filter(e -> words.isEmpty() || words.stream().anyMatch(w -> e.getKey().toLowerCase(Locale.ROOT).contains(w)))
                .anyMatch(e -> e.getValue().atMost(max));
    }

    /** How many agents are indexed. */
    public synchronized int size() {
        return agents.size();
    }

    // --- changes, by the indexer only ---------------------------------------------------------------------------

    synchronized void put(long block, IndexedAgent agent) {
        record(block, new AgentWas(agent.agentId(), agents.get(agent.agentId())));
        agents.put(agent.agentId(), agent);
    }

    synchronized void remove(long block, BigInteger agentId) {
        if (agents.containsKey(agentId)) {
            record(block, new AgentWas(agentId, agents.get(agentId)));
            agents.remove(agentId);
        }
    }

    synchronized void putFeedback(long block, TrustedFeedback rating) {
        Map<String, TrustedFeedback> ofAgent = feedback.computeIfAbsent(rating.agentId(), k -> new LinkedHashMap<>());
        record(block, new FeedbackWas(rating.agentId(), rating.key(), ofAgent.get(rating.key())));
        ofAgent.put(rating.key(), rating);
    }

    synchronized Optional<TrustedFeedback> feedback(BigInteger agentId, String key) {
        return Optional.ofNullable(feedback.getOrDefault(agentId, Map.of()).get(key));
    }

    private void record(long block, Undo undo) {
        if (block <= journalFloor) {
            throw new IllegalStateException("change at block " + block + " is not after the journal's floor " + journalFloor);
        }
        if (journal.isEmpty() || journal.peekLast().block() != block) {
            journal.addLast(new BlockChanges(block, new ArrayList<>()));
        }
        journal.peekLast().undo().add(undo);
    }

    /** Forgets the undo records of blocks up to {@code block}: they can no longer be rolled back. */
    synchronized void forgetUpTo(long block) {
        while (!journal.isEmpty() && journal.peekFirst().block() <= block) {
            journal.removeFirst();
        }
        journalFloor = Math.max(journalFloor, block);
    }

    /**
     * Undoes every change made in blocks after {@code forkBlock}; false (and nothing undone) when the journal no longer
     * reaches back that far.
     */
    synchronized boolean rollbackAfter(long forkBlock) {
        if (forkBlock < journalFloor) {
            return false;
        }
        while (!journal.isEmpty() && journal.peekLast().block() > forkBlock) {
            List<Undo> undo = journal.removeLast().undo();
            for (int i = undo.size() - 1; i >= 0; i--) {
                switch (undo.get(i)) {
                    case AgentWas was -> {
                        if (was.prior() == null) {
                            agents.remove(was.agentId());
                        } else {
                            agents.put(was.agentId(), was.prior());
                        }
                    }
                    case FeedbackWas was -> {
                        Map<String, TrustedFeedback> ofAgent = feedback.computeIfAbsent(was.agentId(), k -> new LinkedHashMap<>());
                        if (was.prior() == null) {
                            ofAgent.remove(was.key());
                        } else {
                            ofAgent.put(was.key(), was.prior());
                        }
                    }
                }
            }
        }
        return true;
    }

    /** Empties the index (before indexing again from the start block). */
    synchronized void clear(long floor) {
        agents.clear();
        feedback.clear();
        journal.clear();
        journalFloor = floor;
    }

    /** The agents and ratings, for an {@link IndexStore}. */
    synchronized IndexSnapshot snapshot(long lastBlock, List<BlockRef> recentBlocks) {
        List<TrustedFeedback> ratings = feedback.values().stream().flatMap(m -> m.values().stream()).toList();
        return new IndexSnapshot(agents(), ratings, lastBlock, recentBlocks);
    }

    /** Replaces the contents with a stored snapshot; changes after it can be rolled back, earlier ones cannot. */
    synchronized void restore(IndexSnapshot snapshot) {
        clear(snapshot.lastBlock());
        snapshot.agents().forEach(a -> agents.put(a.agentId(), a));
        snapshot.feedback().forEach(f -> feedback.computeIfAbsent(f.agentId(), k -> new LinkedHashMap<>()).put(f.key(), f));
    }
}
