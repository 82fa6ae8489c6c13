package dev.bursar.runtime.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two databases a store test runs on: embedded H2 under a test's directory, and a fresh database on the
 * PostgreSQL server of {@link PostgresExtension}. Every call within one test opens the same database (a second call is a
 * restart, or a second process); {@link #close()} closes all of them.
 */
final class TestDatabases implements AutoCloseable {

    enum Backend { H2, POSTGRESQL }

    private final Path dir;
    private final List<BursarDatabase> opened = new ArrayList<>();
    private String pgUrl;

    TestDatabases(Path dir) {
        this.dir = dir;
    }

    BursarDatabase open(Backend backend) {
        BursarDatabase db = switch (backend) {
            case H2 -> BursarDatabase.embedded(dir.resolve("data"));
            case POSTGRESQL -> {
                PostgresExtension.Server pg = PostgresExtension.server();
                if (pgUrl == null) {
                    pgUrl = pg.createDatabase();
                }
                yield BursarDatabase.connect(pgUrl, PostgresExtension.Server.USER, pg.password());
            }
        };
        opened.add(db);
        assertThat(db.dialect().name()).isEqualTo(backend.name());
        return db;
    }

    /** Closes {@code db} now (a stop before a restart). */
    void close(BursarDatabase db) {
        db.close();
        opened.remove(db);
    }

    @Override
    public void close() {
        opened.forEach(BursarDatabase::close);
        opened.clear();
    }
}
