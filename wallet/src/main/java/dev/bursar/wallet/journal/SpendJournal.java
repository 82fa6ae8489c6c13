package dev.bursar.wallet.journal;

import java.util.List;

/**
 * Durable, append-only storage of {@link JournalEvent}s: an append returns only once the event survives a crash.
 * The wallet ships a file store; the runtime adds a JDBC store through the same interface.
 */
public interface SpendJournal extends AutoCloseable {

    /** Appends {@code event} durably (fsync or commit) before returning. */
    default void append(JournalEvent event) {
        append(event, true);
    }

    /**
     * Appends {@code event}; if {@code durable}, it survives a crash once this returns. A non-durable append becomes
     * durable with the next durable one or within the store's flush interval. The spending path appends durably
     * every event that precedes an effect outside the process (a prepared payment); an event whose loss a
     * reconciliation repairs (an outcome) or that nothing acts on before the next durable append may be lazy.
     */
    void append(JournalEvent event, boolean durable);

    /** Every event in the order it was appended; used once at start to rebuild the ledger. */
    List<JournalEvent> replay();

    @Override
    void close();
}
