package dev.bursar.runtime.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The check every spend journal append makes, inside its own transaction, that this process still holds the writer
 * lease of the agent it writes for: a process that lost its lease (paused, partitioned, presumed dead) cannot record
 * an intent, a signed transaction or an outcome after another instance took the agent over.
 */
public interface WriterFence {

    /**
     * Locks the agent's lease row for the rest of {@code transaction} when this process holds it, so that no other
     * instance can take the lease until the append commits.
     *
     * @throws LeaseLostException if another instance holds the lease or it has expired
     */
    void check(Connection transaction, String agentId) throws SQLException;
}
