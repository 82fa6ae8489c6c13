package dev.bursar.ranking;

/**
 * Gives a simulation a private copy of a chain it cannot simulate on: a local node forked from the real one at its
 * latest block, where buys and sells are sent for real and nothing ever reaches the real chain.
 */
public interface ForkLauncher extends AutoCloseable {

    /**
     * A node forked from {@code upstream} at its latest block, for {@code chainId}; reused between calls and reset to
     * the upstream's head when that moved.
     *
     * @throws RankingException when no fork can be started (the message says why)
     */
    NodeClient forkOf(NodeClient upstream, long chainId);

    @Override
    void close();
}
