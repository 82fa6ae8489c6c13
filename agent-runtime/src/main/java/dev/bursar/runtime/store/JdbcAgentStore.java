package dev.bursar.runtime.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AgentStore} on the runtime's database. {@link #save} inserts or replaces the agent with that id (owner
 * included: who may change whose agent is the API's decision); {@code updatedAt} is kept to the microsecond (both
 * databases' precision), and taken as now when null. {@link #all()} is ordered by id.
 */
public final class JdbcAgentStore implements AgentStore {

    private final DataSource dataSource;

    public JdbcAgentStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void save(StoredAgent agent) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(agent.id(), "agent id");
        Objects.requireNonNull(agent.owner(), "agent owner");
        Objects.requireNonNull(agent.definitionYaml(), "agent definition");
        OffsetDateTime at = agent.updatedAt() == null ? JdbcUserStore.now()
                : agent.updatedAt().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE agent SET owner = ?, definition_yaml = ?, updated_at = ? WHERE id = ?")) {
                    u.setString(1, agent.owner());
                    u.setString(2, agent.definitionYaml());
                    u.setObject(3, at);
                    u.setString(4, agent.id());
                    if (u.executeUpdate() == 1) {
                        return;
                    }
                }
                try (PreparedStatement i = c.prepareStatement(
                        "INSERT INTO agent (id, owner, definition_yaml, updated_at) VALUES (?, ?, ?, ?)")) {
                    i.setString(1, agent.id());
                    i.setString(2, agent.owner());
                    i.setString(3, agent.definitionYaml());
                    i.setObject(4, at);
                    i.executeUpdate();
                    return;
                }
            } catch (SQLException e) {
                if (attempt < 3 && "23505".equals(e.getSQLState())) {
                    continue; // inserted by another thread meanwhile: update it
                }
                throw failure("saving agent '" + agent.id() + "'", e);
            }
        }
    }

    @Override
    public Optional<StoredAgent> find(String id) {
        List<StoredAgent> found = query("SELECT id, owner, definition_yaml, updated_at FROM agent WHERE id = ?", id);
        return found.stream().findFirst();
    }

    @Override
    public List<StoredAgent> all() {
        return query("SELECT id, owner, definition_yaml, updated_at FROM agent ORDER BY id", null);
    }

    @Override
    public boolean delete(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement("DELETE FROM agent WHERE id = ?")) {
            d.setString(1, id);
            return d.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("deleting agent '" + id + "'", e);
        }
    }

    private List<StoredAgent> query(String sql, String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            if (id != null) {
                q.setString(1, id);
            }
            List<StoredAgent> agents = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    agents.add(new StoredAgent(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
            return agents;
        } catch (SQLException e) {
            throw failure(id == null ? "listing agents" : "reading agent '" + id + "'", e);
        }
    }

    private static DatabaseException failure(String what, SQLException e) {
        return new DatabaseException(what + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
    }
}
