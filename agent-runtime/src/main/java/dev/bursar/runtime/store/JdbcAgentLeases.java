package dev.bursar.runtime.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-agent writer leases in the runtime's database ({@code agent_lease}): at most one runtime instance holds an
 * agent's lease at a time, until it expires in the database's own clock unless renewed; taking a lease from another
 * instance raises its fencing token, which {@link #fence()} checks on every journal append. All times are the
 * database's, so the instances' clocks need not agree.
 */
public final class JdbcAgentLeases {

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String holder;
    private final String holderUrl;
    private final Duration ttl;
    /** The fence of each lease this instance took, as the database last confirmed it. */
    private final java.util.Map<String, Long> mine = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param holder    this instance's unique id
     * @param holderUrl where other instances forward requests for the agents this instance holds
     * @param ttl       how long a lease lasts without renewal
     */
    public JdbcAgentLeases(DataSource dataSource, String holder, String holderUrl, Duration ttl) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.holder = requireText(holder, "holder");
        this.holderUrl = requireText(holderUrl, "holderUrl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's time to live must be positive, not " + ttl);
        }
        this.ttl = ttl;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = SqlDialect.of(c, BursarDatabase.redact(c.getMetaData().getURL()));
        } catch (SQLException e) {
            throw new DatabaseException("cannot open the writer leases: " + e.getMessage(), e);
        }
    }

    /** Who holds an agent's lease, its fencing token, and whether the holder is this instance. */
    public record Lease(String agentId, String holder, String holderUrl, long fence, boolean mine) {
    }

    public String holder() {
        return holder;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Takes or renews the lease of {@code agentId} for this instance when it is free, expired or already ours; else
     * returns the live lease of the instance that holds it.
     */
    public Lease acquire(String agentId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Lease lease = acquire(c, agentId);
                c.commit();
                if (lease.mine()) {
                    mine.put(agentId, lease.fence());
                } else {
                    mine.remove(agentId);
                }
                return lease;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return acquire(agentId); // another instance inserted the first row at the same time: read it
            }
            throw new DatabaseException("cannot take the writer lease of agent '" + agentId + "': " + e.getMessage(), e);
        }
    }

    private Lease acquire(Connection c, String agentId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE agent_lease SET fence = CASE WHEN holder = ? THEN fence ELSE fence + 1 END, "
                + "holder = ?, holder_url = ?, expires_at = " + expiry() + " WHERE agent_id = ? AND (holder = ? OR expires_at < " + now() + ")")) {
            update.setString(1, holder);
            update.setString(2, holder);
            update.setString(3, holderUrl);
            update.setLong(4, ttl.toMillis());
            update.setString(5, agentId);
            update.setString(6, holder);
            if (update.executeUpdate() == 0) {
                Optional<Lease> current = read(c, agentId);
                if (current.isPresent()) {
                    return current.get();
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO agent_lease (agent_id, holder, holder_url, fence, expires_at) VALUES (?, ?, ?, 1, " + expiry() + ")")) {
                    insert.setString(1, agentId);
                    insert.setString(2, holder);
                    insert.setString(3, holderUrl);
                    insert.setLong(4, ttl.toMillis());
                    insert.executeUpdate();
                }
            }
        }
        return read(c, agentId).orElseThrow();
    }

    /** Renews this instance's lease of {@code agentId}; false when it no longer holds it (expired and taken). */
    public boolean renew(String agentId, long fence) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE agent_lease SET expires_at = " + expiry()
                     + " WHERE agent_id = ? AND holder = ? AND fence = ?")) {
            update.setLong(1, ttl.toMillis());
            update.setString(2, agentId);
            update.setString(3, holder);
            update.setLong(4, fence);
            boolean renewed = update.executeUpdate() == 1;
            if (!renewed) {
                mine.remove(agentId, fence);
            }
            return renewed;
        } catch (SQLException e) {
            throw new DatabaseException("cannot renew the writer lease of agent '" + agentId + "': " + e.getMessage(), e);
        }
    }

    /** Gives up this instance's lease of {@code agentId} at once (on shutdown), so another instance need not wait. */
    public void release(String agentId, long fence) {
        mine.remove(agentId, fence);
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE agent_lease SET expires_at = " + now() + " "
                     + "WHERE agent_id = ? AND holder = ? AND fence = ?")) {
            update.setString(1, agentId);
            update.setString(2, holder);
            update.setLong(3, fence);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot release the writer lease of agent '" + agentId + "': " + e.getMessage(), e);
        }
    }

    /** The live lease of {@code agentId}, if any instance holds one. */
    public Optional<Lease> current(String agentId) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, agentId);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the writer lease of agent '" + agentId + "': " + e.getMessage(), e);
        }
    }

    /**
     * The fence journal appends check: the agent's live lease must be this instance's, under the fencing token this
     * instance took it with (a lease lost and taken back is a new token, so a thread still acting on the old one fails).
     */
    public WriterFence fence() {
        return (transaction, agentId) -> {
            Long fence = mine.get(agentId);
            if (fence == null) {
                throw new LeaseLostException(agentId);
            }
            try (PreparedStatement q = transaction.prepareStatement("SELECT holder FROM agent_lease WHERE agent_id = ? "
                    + "AND holder = ? AND fence = ? AND expires_at > " + now() + " FOR UPDATE")) {
                q.setString(1, agentId);
                q.setString(2, holder);
                q.setLong(3, fence);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new LeaseLostException(agentId);
                    }
                }
            }
        };
    }

    private Optional<Lease> read(Connection c, String agentId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT holder, holder_url, fence FROM agent_lease "
                + "WHERE agent_id = ? AND expires_at > " + now())) {
            q.setString(1, agentId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Lease(agentId, rs.getString(1), rs.getString(2), rs.getLong(3), holder.equals(rs.getString(1))));
            }
        }
    }

    /** The database's now plus the millisecond parameter that follows. */
    private String expiry() {
        return dialect == SqlDialect.POSTGRESQL
                ? "clock_timestamp() + (CAST(? AS BIGINT) * INTERVAL '1 millisecond')"
                : "DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)";
    }

    /** The database's wall clock now (on PostgreSQL not the transaction's start, which {@code CURRENT_TIMESTAMP} is). */
    private String now() {
        return dialect == SqlDialect.POSTGRESQL ? "clock_timestamp()" : "CURRENT_TIMESTAMP";
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
