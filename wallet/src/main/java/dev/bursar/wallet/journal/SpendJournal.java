package dev.bursar.wallet.journal;

import java.util.List;

/**
 * Durable, append-only storage of {@link JournalEvent}s: an append returns only once the event survives a crash.
 * The wallet ships a file store; the runtime adds a JDBC store through the same interface.
 */
public interface SpendJournal extends AutoCloseable {

    /** Appends {@code event} durably (fsync or commit) before returning. */
    void append(JournalEvent event);

    /** Every event in the order it was appended; used once at start to rebuild the ledger. */
    List<JournalEvent> replay();

    @Override
    void close();
}
