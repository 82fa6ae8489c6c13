package dev.bursar.runtime.store;

import dev.bursar.registry.discovery.IndexSnapshot;
import dev.bursar.registry.discovery.IndexSnapshotJson;
import dev.bursar.registry.discovery.IndexStore;
import dev.bursar.registry.discovery.IndexStoreException;
import dev.bursar.registry.discovery.RegistryRef;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The discovery index of one registry in the runtime's database (table {@code registry_index}, keyed by chain id and
 * identity registry, so pointing the runtime at another registry never loads the old one's agents). Each save replaces
 * the row in one statement: a crash leaves the old or the new snapshot.
 */
public final class JdbcIndexStore implements IndexStore {

    private final DataSource dataSource;
    private final String key;
    private final IndexSnapshotJson codec = new IndexSnapshotJson();

    public JdbcIndexStore(DataSource dataSource, RegistryRef registry) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.key = registry.chainId() + ":" + registry.identityRegistry().value().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Optional<IndexSnapshot> load() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT snapshot FROM registry_index WHERE registry = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(codec.read(rs.getString(1).getBytes(StandardCharsets.UTF_8), "row " + key + " of registry_index"));
            }
        } catch (SQLException e) {
            throw new IndexStoreException("cannot read the discovery index of registry " + key + " from the database: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(IndexSnapshot snapshot) {
        String json = new String(codec.write(snapshot), StandardCharsets.UTF_8);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE registry_index SET last_block = ?, snapshot = ?, saved_at = ? WHERE registry = ?")) {
                u.setLong(1, snapshot.lastBlock());
                u.setString(2, json);
                u.setObject(3, JdbcUserStore.now());
                u.setString(4, key);
                if (u.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement i = c.prepareStatement(
                    "INSERT INTO registry_index (registry, last_block, snapshot, saved_at) VALUES (?, ?, ?, ?)")) {
                i.setString(1, key);
                i.setLong(2, snapshot.lastBlock());
                i.setString(3, json);
                i.setObject(4, JdbcUserStore.now());
                i.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IndexStoreException("cannot save the discovery index of registry " + key + " to the database: " + e.getMessage(), e);
        }
    }
}
