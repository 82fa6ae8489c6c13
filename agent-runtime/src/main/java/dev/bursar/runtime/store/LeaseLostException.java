package dev.bursar.runtime.store;

import dev.bursar.wallet.journal.JournalException;

/**
 * A journal append refused because this runtime instance does not hold the agent's writer lease (any more): nothing
 * was recorded and nothing was paid; the instance that holds the lease drives the agent.
 */
public final class LeaseLostException extends JournalException {

    public LeaseLostException(String agentId) {
        super("this runtime instance does not hold the writer lease of agent '" + agentId
                + "' (another instance took it over, or it expired); nothing was recorded and nothing was paid", null);
    }
}
