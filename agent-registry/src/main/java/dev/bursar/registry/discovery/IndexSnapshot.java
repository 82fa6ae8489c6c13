package dev.bursar.registry.discovery;

import java.util.List;

/**
 * What an {@link IndexStore} keeps: the indexed agents, the trusted reviewers' ratings, the last block processed and the
 * hashes of the most recent processed blocks (oldest first), from which a restart notices a reorg that happened while
 * it was down.
 *
 * @param lastBlock the last block processed, or {@code startBlock - 1} before the first
 */
public record IndexSnapshot(List<IndexedAgent> agents, List<TrustedFeedback> feedback, long lastBlock, List<BlockRef> recentBlocks) {

    public IndexSnapshot {
        agents = List.copyOf(agents);
        feedback = List.copyOf(feedback);
        recentBlocks = List.copyOf(recentBlocks);
    }
}
