package dev.bursar.runtime.store;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link UserStore} on the runtime's database. A key reads {@code bsr_<key id>_<secret>}: 8 random bytes of key id (hex,
 * stored, used to find the row) and 32 random bytes of secret (hex) from {@link SecureRandom}. Only the SHA-256 of the
 * whole key (hex) is stored; authentication compares it with {@link MessageDigest#isEqual} (constant time), and does
 * the same work for an unknown key id. Issuing a key for an existing user sets the user's role to the one given.
 */
public final class JdbcUserStore implements UserStore {

    public static final String KEY_PREFIX = "bsr_";
    private static final Pattern KEY = Pattern.compile("bsr_([0-9a-f]{16})_([0-9a-f]{64})");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]{1,200}");
    private static final byte[] NO_HASH = new byte[32];

    private final DataSource dataSource;
    private final SecureRandom random = new SecureRandom();

    public JdbcUserStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public IssuedKey issueKey(String userId, Role role) {
        Objects.requireNonNull(role, "role");
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("a user id is 1 to 200 characters of letters, digits and . _ @ + -");
        }
        HexFormat hex = HexFormat.of();
        String keyId = hex.formatHex(randomBytes(8));
        String apiKey = KEY_PREFIX + keyId + "_" + hex.formatHex(randomBytes(32));
        OffsetDateTime now = now();
        for (int attempt = 1; ; attempt++) {
            try {
                insertKey(userId, role, keyId, hex.formatHex(sha256(apiKey)), now);
                return new IssuedKey(new User(userId, role), apiKey);
            } catch (SQLException e) {
                if (attempt < 3 && "23505".equals(e.getSQLState())) {
                    continue; // another thread created the same user at the same moment: update it instead
                }
                throw failure("issuing a key for user '" + userId + "'", e);
            }
        }
    }

    private void insertKey(String userId, Role role, String keyId, String keyHash, OffsetDateTime now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                upsertUser(c, userId, role, now);
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO api_key (key_id, user_id, key_hash, created_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, keyId);
                    insert.setString(2, userId);
                    insert.setString(3, keyHash);
                    insert.setObject(4, now);
                    insert.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void upsertUser(Connection c, String userId, Role role, OffsetDateTime now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE bursar_user SET role = ? WHERE id = ?")) {
            update.setString(1, role.name());
            update.setString(2, userId);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO bursar_user (id, role, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, userId);
            insert.setString(2, role.name());
            insert.setObject(3, now);
            insert.executeUpdate();
        }
    }

    @Override
    public Optional<User> authenticate(String apiKey) {
        if (apiKey == null) {
            return Optional.empty();
        }
        var m = KEY.matcher(apiKey);
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] presented = sha256(apiKey);
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT k.key_hash, u.id, u.role FROM api_key k "
                     + "JOIN bursar_user u ON u.id = k.user_id WHERE k.key_id = ? AND k.revoked_at IS NULL")) {
            q.setString(1, m.group(1));
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    MessageDigest.isEqual(NO_HASH, presented);
                    return Optional.empty();
                }
                byte[] stored = HexFormat.of().parseHex(rs.getString(1).trim());
                if (!MessageDigest.isEqual(stored, presented)) {
                    return Optional.empty();
                }
                return Optional.of(new User(rs.getString(2), Role.valueOf(rs.getString(3))));
            }
        } catch (SQLException e) {
            throw failure("authenticating a key", e);
        }
    }

    @Override
    public Optional<User> find(String userId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, role FROM bursar_user WHERE id = ?")) {
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new User(rs.getString(1), Role.valueOf(rs.getString(2)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading user '" + userId + "'", e);
        }
    }

    @Override
    public void revokeKeys(String userId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE api_key SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")) {
            u.setObject(1, now());
            u.setString(2, userId);
            u.executeUpdate();
        } catch (SQLException e) {
            throw failure("revoking the keys of user '" + userId + "'", e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static DatabaseException failure(String what, SQLException e) {
        return new DatabaseException(what + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
    }
}
