package dev.bursar.runtime.store;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Starts one PostgreSQL server for the test run from Debian's packages ({@code /usr/lib/postgresql/<version>/bin},
 * installed with {@code apt-get install -y postgresql} if absent): {@code initdb} into a temporary directory (as the
 * {@code postgres} system user when the tests run as root, since PostgreSQL refuses root), password login
 * (scram-sha-256) on 127.0.0.1 only, on a free port. It is stopped and its directory deleted when the run ends (the
 * root extension store closes it) or, failing that, by a shutdown hook.
 */
public final class PostgresExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final String INSTALL = "apt-get install -y postgresql";
    private static Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        Server s = server();
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(Server.class, k -> s, Server.class);
    }

    /** The running server, started on first use. */
    public static synchronized Server server() {
        if (server == null || server.stopped) {
            server = Server.start();
        }
        return server;
    }

    /** A PostgreSQL server owned by the test run. */
    public static final class Server implements AutoCloseable {

        public static final String USER = "bursar";

        private final Path dir;
        private final Path binDir;
        private final int port;
        private final String password;
        private final boolean asPostgresUser;
        private final AtomicInteger databases = new AtomicInteger();
        private final Thread hook;
        private volatile boolean stopped;

        private Server(Path dir, Path binDir, int port, String password, boolean asPostgresUser) {
            this.dir = dir;
            this.binDir = binDir;
            this.port = port;
            this.password = password;
            this.asPostgresUser = asPostgresUser;
            this.hook = new Thread(this::stop, "postgres-test-stop");
        }

        static Server start() {
            Path bin = findBinaries();
            boolean root = "root".equals(System.getProperty("user.name"));
            try {
                if (root) {
                    ensurePostgresUser();
                }
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "bursar-pg-");
                String password = HexFormat.of().formatHex(randomBytes(16));
                Path pwfile = dir.resolve("pwfile");
                Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
                if (root) {
                    run(List.of("chown", "-R", "postgres:postgres", dir.toString()), 30);
                }
                Server s = new Server(dir, bin, freePort(), password, root);
                Runtime.getRuntime().addShutdownHook(s.hook);
                try {
                    s.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                            "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"), 120);
                    Files.delete(pwfile);
                    s.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                            "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                            "-o", "-c listen_addresses=127.0.0.1 -p " + s.port + " -c unix_socket_directories=" + dir,
                            "start"), 90);
                } catch (RuntimeException e) {
                    s.stop();
                    throw e;
                }
                return s;
            } catch (IOException e) {
                throw new IllegalStateException("cannot prepare a PostgreSQL test server: " + e.getMessage(), e);
            }
        }

        public int port() {
            return port;
        }

        public String password() {
            return password;
        }

        public String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        /** Creates a fresh, empty database and returns its JDBC URL. */
        public String createDatabase() {
            String name = "bursar_test_" + databases.incrementAndGet();
            try (Connection c = DriverManager.getConnection(url("postgres"), USER, password);
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
            }
            return url(name);
        }

        /** Stops the server (fast, then immediate) and deletes its directory; safe to call twice. */
        public synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            Path data = dir.resolve("data");
            if (Files.exists(data.resolve("postmaster.pid"))) {
                String pgCtl = binDir.resolve("pg_ctl").toString();
                try {
                    pg(List.of(pgCtl, "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"), 45);
                } catch (RuntimeException e) {
                    pg(List.of(pgCtl, "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop"), 45);
                }
            }
            deleteRecursively(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: this is the hook
            }
        }

        @Override
        public void close() {
            stop();
        }

        private String pg(List<String> command, int timeoutSeconds) {
            List<String> full = new ArrayList<>();
            if (asPostgresUser) {
                full.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            full.addAll(command);
            return run(full, timeoutSeconds);
        }
    }

    private static Path findBinaries() {
        Path found = newestBinaries();
        if (found != null) {
            return found;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL server binaries are missing under /usr/lib/postgresql/*/bin; install "
                    + "them with: sudo " + INSTALL);
        }
        try {
            run(List.of("apt-get", "install", "-y", "postgresql"), 600);
        } catch (RuntimeException e) {
            throw new IllegalStateException("PostgreSQL server binaries are missing and installing them failed; run: "
                    + INSTALL + " (" + e.getMessage() + ")", e);
        }
        found = newestBinaries();
        if (found == null) {
            throw new IllegalStateException("after `" + INSTALL + "` there is still no /usr/lib/postgresql/*/bin/pg_ctl");
        }
        return found;
    }

    private static Path newestBinaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void ensurePostgresUser() {
        try {
            run(List.of("id", "-u", "postgres"), 10);
        } catch (RuntimeException missing) {
            run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"), 30);
        }
    }

    private static String run(List<String> command, int timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            pb.environment().put("LC_ALL", "C");
            Path out = Files.createTempFile("bursar-pg-cmd", ".log");
            try {
                pb.redirectOutput(out.toFile());
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish in " + timeoutSeconds + " s");
                }
                String output = Files.readString(out);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("`" + String.join(" ", command) + "` exited with " + p.exitValue() + ": "
                            + output.strip());
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running `" + String.join(" ", command) + "`", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover file in /tmp is harmless once the server is stopped
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
