package dev.bursar.runtime.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The runtime's database: H2 in a file under the data directory by default, PostgreSQL in production. Opening it
 * checks that it is reachable and migrates its schema with Flyway ({@code classpath:db/migration}), the same code
 * path for both. The stores it hands out are plain JDBC over its {@link DataSource}.
 *
 * <pre>{@code
 * try (BursarDatabase db = BursarDatabase.embedded(Path.of("data"))) {
 *     IssuedKey key = db.users().issueKey("alice", Role.ADMIN);
 * }
 * }</pre>
 */
public final class BursarDatabase implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BursarDatabase.class.getName());
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");
    /** The user of the embedded H2 database; it is a file only this process opens, so it has no password. */
    static final String H2_USER = "sa";

    private final DataSource dataSource;
    private final AutoCloseable owned;
    private final String url;
    private final SqlDialect dialect;

    private BursarDatabase(DataSource dataSource, AutoCloseable owned, String url, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.url = url;
        this.dialect = dialect;
    }

    /** The JDBC URL of the embedded H2 database under {@code dataDirectory}. */
    public static String h2Url(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("bursar") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Opens (creating it if needed) the embedded H2 database in {@code dataDirectory}, and migrates it. */
    public static BursarDatabase embedded(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new DatabaseException("cannot create the data directory " + dataDirectory + ": " + e.getMessage(), e);
        }
        return connect(h2Url(dataDirectory), H2_USER, "");
    }

    /**
     * Opens a pool of connections to {@code jdbcUrl} (H2 or PostgreSQL) and migrates the schema; {@link #close()}
     * closes the pool.
     *
     * @throws DatabaseException naming the URL and the user, never the password, if it is unreachable or refuses the login
     */
    private static Class<?> driverFor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return org.h2.Driver.class;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return org.postgresql.Driver.class;
        }
        throw new DatabaseException("unsupported database URL " + redact(jdbcUrl) + ": use jdbc:h2: or jdbc:postgresql:", null);
    }

    public static BursarDatabase connect(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        String shown = redact(jdbcUrl);
        AgroalDataSource pool;
        try {
            pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(cp -> cp
                            .initialSize(0)
                            .minSize(0)
                            .maxSize(16)
                            .acquisitionTimeout(Duration.ofSeconds(30))
                            .connectionFactoryConfiguration(cf -> cf
                                    // named explicitly: DriverManager's registry is global, and a Quarkus app shutting
                                    // down in the same JVM (tests) can leave it without the driver
                                    .connectionProviderClass(driverFor(jdbcUrl))
                                    .jdbcUrl(jdbcUrl)
                                    .loginTimeout(Duration.ofSeconds(10))
                                    .principal(new NamePrincipal(user))
                                    .credential(new SimplePassword(password == null ? "" : password)))));
        } catch (SQLException | RuntimeException e) {
            throw new DatabaseException("cannot set up a connection pool for " + shown + ": "
                    + scrub(e.getMessage(), password), null);
        }
        try {
            return open(pool, pool, shown, user, password);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Uses a {@link DataSource} the caller owns (in Quarkus, the Agroal pool it configures); checks it and migrates the
     * schema. {@link #close()} leaves it open.
     *
     * @param url the database's URL, for messages only
     */
    public static BursarDatabase open(DataSource dataSource, String url) {
        return open(dataSource, null, redact(url), null, null);
    }

    private static BursarDatabase open(DataSource dataSource, AutoCloseable owned, String url, String user, String password) {
        SqlDialect dialect;
        try (Connection connection = dataSource.getConnection()) {
            dialect = SqlDialect.of(connection, url);
        } catch (SQLException e) {
            throw new DatabaseException(unreachable(url, user, password, e), null);
        }
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.log(System.Logger.Level.INFO, "database {0}: applied {1} migration(s), schema now at version {2}",
                        url, result.migrationsExecuted, result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new DatabaseException("migrating the schema of " + url + " failed: " + scrub(e.getMessage(), password), null);
        }
        return new BursarDatabase(dataSource, owned, url, dialect);
    }

    private static String unreachable(String url, String user, String password, SQLException e) {
        String who = user == null ? "" : " as user '" + user + "'";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String why;
        if (state.startsWith("28")) {
            why = "the login was refused (wrong user or password)";
        } else if (state.startsWith("08")) {
            why = "the server is not reachable (is it running, and are host and port right?)";
        } else if (state.equals("3D000")) {
            why = "the database does not exist on that server";
        } else if (e.getErrorCode() == 90020) {
            why = "the database file is in use by another process (stop the other Bursar first)";
        } else {
            why = "the connection failed";
        }
        return "cannot connect to the database " + url + who + ": " + why + " (SQLSTATE " + state + ": "
                + scrub(e.getMessage(), password) + ")";
    }

    /** {@code url} without the value of any {@code password=} parameter. */
    static String redact(String url) {
        return url == null ? "(unnamed database)" : PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }

    private static String scrub(String message, String password) {
        if (message == null) {
            return "";
        }
        String m = PASSWORD_PARAMETER.matcher(message).replaceAll("$1***");
        return password == null || password.isEmpty() ? m : m.replace(password, "***");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The database's URL, with any password parameter removed. */
    public String url() {
        return url;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public JdbcUserStore users() {
        return new JdbcUserStore(dataSource);
    }

    public JdbcAgentStore agents() {
        return new JdbcAgentStore(dataSource);
    }

    public JdbcChatMemoryStore chatMemory() {
        return new JdbcChatMemoryStore(dataSource);
    }

    /** A spend journal on this database; closing it leaves the database open. */
    public JdbcSpendJournal spendJournal() {
        return new JdbcSpendJournal(dataSource);
    }

    /** Closes the connection pool if this object opened it ({@link #connect}, {@link #embedded}). */
    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        try {
            if (dialect == SqlDialect.H2) {
                try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.WARNING, "database {0}: shutdown failed: {1}", url, e.getMessage());
                }
            }
            owned.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the database {0} failed: {1}", url, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "BursarDatabase[" + url + "]";
    }
}
