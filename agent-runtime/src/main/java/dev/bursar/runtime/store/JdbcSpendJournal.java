package dev.bursar.runtime.store;

import dev.bursar.wallet.journal.JournalCodec;
import dev.bursar.wallet.journal.JournalEvent;
import dev.bursar.wallet.journal.JournalException;
import dev.bursar.wallet.journal.SpendJournal;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.PaymentOutcome;

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
 * A durable append is on disk when it returns: on PostgreSQL the commit waits for the WAL flush
 * ({@code SET LOCAL synchronous_commit = on}, whatever the server's setting); on H2, whose commits reach the file within its write delay, the append
 * is followed by {@code CHECKPOINT SYNC}. A lazy append skips that wait ({@code SET LOCAL synchronous_commit = off} on
 * PostgreSQL, no checkpoint on H2) and reaches the disk within the server's WAL writer delay (200 ms by default) or
 * H2's write delay (500 ms by default), or with the next durable append.
 *
 * <p>Appends from many threads and many processes are safe (each takes its own connection and transaction). The
 * database refuses a second intent under an entry id or an agent's idempotency key, a second decision or final outcome
 * of an entry, and a second entry signing the same EVM nonce while the entry that signed it has not ended FAILED.
 * These constraints cover what was written since schema version 4. With a {@link WriterFence} (the runtime's writer
 * leases on PostgreSQL) an append also fails unless this process holds the writer lease of the event's agent.
 */
public final class JdbcSpendJournal implements SpendJournal {

    private final DataSource dataSource;
    private final JournalCodec codec = new JournalCodec();
    private final SqlDialect dialect;
    private final WriterFence fence;
    /** Entry id to agent id, for the events after an entry's intent. */
    private final java.util.Map<String, String> agents = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A journal any process may append to (one runtime per database, or tests). */
    public JdbcSpendJournal(DataSource dataSource) {
        this(dataSource, null);
    }

    /**
     * A journal whose appends each check {@code fence} in their transaction: only the instance holding an agent's
     * writer lease records its payments.
     */
    public JdbcSpendJournal(DataSource dataSource, WriterFence fence) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.fence = fence;
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
            String agentId = agentOf(c, event);
            c.setAutoCommit(false);
            try {
                if (dialect == SqlDialect.POSTGRESQL) {
                    try (Statement s = c.createStatement()) {
                        // forced either way: a server configured with synchronous_commit = off must not lose a durable append
                        s.execute(durable ? "SET LOCAL synchronous_commit TO ON" : "SET LOCAL synchronous_commit TO OFF");
                    }
                }
                if (fence != null) {
                    if (agentId == null) {
                        throw new JournalException("journal entry " + event.entryId() + " has no recorded intent, so no agent's "
                                + "writer lease covers it; nothing was recorded");
                    }
                    fence.check(c, agentId);
                }
                if (event instanceof JournalEvent.Prepared p && p.payment() instanceof PreparedPayment.Evm evm) {
                    claimNonce(c, p.entryId(), evm);
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO spend_journal "
                        + "(entry_id, event_type, event_json, created_at, agent_id, step_key, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, event.entryId());
                    insert.setString(2, type(event));
                    insert.setString(3, json);
                    insert.setObject(4, JdbcUserStore.now());
                    insert.setString(5, agentId);
                    insert.setString(6, stepKey(event));
                    insert.setString(7, event instanceof JournalEvent.IntentDecided i ? idempotencyKey(i.intent()) : null);
                    insert.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            if (durable && dialect == SqlDialect.H2) {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
            if (agentId != null) {
                agents.putIfAbsent(event.entryId(), agentId);
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new JournalException("the journal already holds this step of entry " + event.entryId()
                        + " (or its idempotency key or nonce): another writer recorded it first; the payment was not made again", e);
            }
            throw new JournalException("cannot write the spend journal to the database (" + e.getMessage()
                    + ", SQLSTATE " + e.getSQLState() + "); the payment was not made", e);
        }
    }

    /** The agent an event is for: the intent names it; later events inherit it from their entry's intent. */
    private String agentOf(Connection c, JournalEvent event) throws SQLException {
        if (event instanceof JournalEvent.IntentDecided i) {
            return i.intent().agentId();
        }
        String known = agents.get(event.entryId());
        if (known != null) {
            return known;
        }
        try (PreparedStatement q = c.prepareStatement("SELECT event_json FROM spend_journal WHERE entry_id = ? AND event_type = 'intent'")) {
            q.setString(1, event.entryId());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && codec.decode(rs.getString(1)) instanceof JournalEvent.IntentDecided i) {
                    agents.put(event.entryId(), i.intent().agentId());
                    return i.intent().agentId();
                }
            }
        }
        return null;
    }

    /**
     * Records which entry signed an EVM nonce. Another entry's claim on the same nonce fails the append, unless that
     * entry ended FAILED (its transaction was refused or never sent, so the nonce went back to the wallet).
     */
    private void claimNonce(Connection c, String entryId, PreparedPayment.Evm evm) throws SQLException {
        String holder = null;
        try (PreparedStatement q = c.prepareStatement("SELECT entry_id FROM evm_nonce WHERE chain_id = ? AND sender = ? AND nonce = ?")) {
            q.setLong(1, evm.chainId());
            q.setString(2, evm.from().lowerCase());
            q.setLong(3, evm.nonce());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    holder = rs.getString(1);
                }
            }
        }
        if (entryId.equals(holder)) {
            return; // a fee bump of the same entry
        }
        if (holder != null && !endedFailed(c, holder)) {
            throw new JournalException("nonce " + evm.nonce() + " of " + evm.from() + " on chain " + evm.chainId()
                    + " was already signed by journal entry " + holder + "; this payment was not sent");
        }
        try (PreparedStatement write = c.prepareStatement(holder == null
                ? "INSERT INTO evm_nonce (entry_id, chain_id, sender, nonce) VALUES (?, ?, ?, ?)"
                : "UPDATE evm_nonce SET entry_id = ? WHERE chain_id = ? AND sender = ? AND nonce = ? AND entry_id = ?")) {
            write.setString(1, entryId);
            write.setLong(2, evm.chainId());
            write.setString(3, evm.from().lowerCase());
            write.setLong(4, evm.nonce());
            if (holder != null) {
                write.setString(5, holder);
            }
            if (write.executeUpdate() != 1) {
                throw new JournalException("nonce " + evm.nonce() + " of " + evm.from() + " was claimed by another writer meanwhile; "
                        + "this payment was not sent");
            }
        }
    }

    private boolean endedFailed(Connection c, String entryId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT event_json FROM spend_journal WHERE step_key = ?")) {
            q.setString(1, "final:" + entryId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && codec.decode(rs.getString(1)) instanceof JournalEvent.Outcome o
                        && o.outcome().status() == PaymentOutcome.Status.FAILED;
            }
        }
    }

    /** An agent's idempotency key as one bounded column value: the SHA-256 of agent id and key. */
    private static String idempotencyKey(dev.bursar.wallet.PaymentIntent intent) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(intent.agentId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(intent.idempotencyKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The step that may happen once per entry, or null for steps that may repeat (a fee bump, a pending outcome). */
    private static String stepKey(JournalEvent event) {
        return switch (event) {
            case JournalEvent.IntentDecided e -> "intent:" + e.entryId();
            case JournalEvent.ApprovalDecided e -> "decided:" + e.entryId();
            case JournalEvent.ApprovalExpired e -> "decided:" + e.entryId();
            case JournalEvent.Prepared e -> null;
            case JournalEvent.Outcome e -> e.outcome().isFinal() ? "final:" + e.entryId() : null;
        };
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
                    JournalEvent event = codec.decode(rs.getString(2));
                    if (event instanceof JournalEvent.IntentDecided i) {
                        agents.putIfAbsent(i.entryId(), i.intent().agentId());
                    }
                    events.add(event);
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
