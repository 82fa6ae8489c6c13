package dev.bursar.runtime.store;

import dev.bursar.wallet.journal.JournalCodec;
import dev.bursar.wallet.journal.JournalEvent;
import dev.bursar.wallet.journal.JournalException;
import dev.bursar.wallet.journal.SpendJournal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link SpendJournal} in the runtime's database: one row per event in {@code spend_journal}, its {@code seq} given by
 * the database at insert, its body {@link JournalCodec}'s one-line JSON; {@link #replay()} reads every row in
 * {@code seq} order. Rows are only ever inserted.
 *
 * <p>Durability: every append is its own committed transaction, so it is visible and ordered once this returns.
 * A durable append is on disk when it returns: on PostgreSQL the commit waits for the WAL flush (the server's
 * default {@code synchronous_commit = on}); on H2, whose commits reach the file within its write delay, the append
 * is followed by {@code CHECKPOINT SYNC}. A lazy append skips that wait ({@code SET LOCAL synchronous_commit = off} on
 * PostgreSQL, no checkpoint on H2) and reaches the disk within the server's WAL writer delay (200 ms by default) or
 * H2's write delay (500 ms by default), or with the next durable append.
 *
 * <p>Appends from many threads are safe (each takes its own connection). Unlike the file journal this class does not
 * keep other writers out: run one runtime per database.
 */
public final class JdbcSpendJournal implements SpendJournal {

    private final DataSource dataSource;
    private final JournalCodec codec = new JournalCodec();
    private final SqlDialect dialect;
    private volatile boolean closed;

    public JdbcSpendJournal(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            this.dialect = SqlDialect.of(c, BursarDatabase.redact(c.getMetaData().getURL()));
        } catch (SQLException e) {
            throw new JournalException("cannot open the spend journal in the database: " + e.getMessage(), e);
        }
    }

    @Override
    public void append(JournalEvent event, boolean durable) {
        Objects.requireNonNull(event, "event");
        if (closed) {
            throw new JournalException("the spend journal is closed; the payment was not made");
        }
        String json = codec.encode(event);
        try (Connection c = dataSource.getConnection()) {
            boolean lazyPostgres = !durable && dialect == SqlDialect.POSTGRESQL;
            if (lazyPostgres) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL synchronous_commit TO OFF");
                }
            } else {
                c.setAutoCommit(true);
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO spend_journal (entry_id, event_type, event_json, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, event.entryId());
                insert.setString(2, type(event));
                insert.setString(3, json);
                insert.setObject(4, JdbcUserStore.now());
                insert.executeUpdate();
                if (lazyPostgres) {
                    c.commit();
                }
            } catch (SQLException e) {
                if (lazyPostgres) {
                    c.rollback();
                }
                throw e;
            } finally {
                if (lazyPostgres) {
                    c.setAutoCommit(true);
                }
            }
            if (durable && dialect == SqlDialect.H2) {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
        } catch (SQLException e) {
            throw new JournalException("cannot write the spend journal to the database (" + e.getMessage()
                    + ", SQLSTATE " + e.getSQLState() + "); the payment was not made", e);
        }
    }

    @Override
    public List<JournalEvent> replay() {
        List<JournalEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             Statement q = c.createStatement();
             ResultSet rs = q.executeQuery("SELECT seq, event_json FROM spend_journal ORDER BY seq")) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                try {
                    events.add(codec.decode(rs.getString(2)));
                } catch (RuntimeException e) {
                    throw new JournalException("the spend journal row seq=" + seq + " cannot be read (" + e.getMessage()
                            + "); restore the journal from a backup before any payment is made", e);
                }
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the spend journal from the database: " + e.getMessage(), e);
        }
        return List.copyOf(events);
    }

    /** Refuses further appends; the database stays open (its owner closes it). */
    @Override
    public void close() {
        closed = true;
    }

    private static String type(JournalEvent event) {
        return switch (event) {
            case JournalEvent.IntentDecided e -> "intent";
            case JournalEvent.ApprovalDecided e -> "approval";
            case JournalEvent.ApprovalExpired e -> "expired";
            case JournalEvent.Prepared e -> "prepared";
            case JournalEvent.Outcome e -> "outcome";
        };
    }
}
