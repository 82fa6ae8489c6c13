package dev.bursar.devnet.lightning;

import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.process.FreePorts;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;
import dev.bursar.devnet.process.Readiness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A running Aperture (Lightning Labs' L402 reverse proxy) on a free 127.0.0.1 port, plain HTTP, sqlite store, minting
 * invoices on the payee's lnd, in front of the backends its {@link Service}s name; {@link #close()} stops it.
 */
public final class ApertureProxy implements AutoCloseable {

    private final ProcessSupervisor supervisor;
    private final ManagedProcess process;
    private final URI baseUri;
    private final Path dir;

    private ApertureProxy(ProcessSupervisor supervisor, ManagedProcess process, URI baseUri, Path dir) {
        this.supervisor = supervisor;
        this.process = process;
        this.baseUri = baseUri;
        this.dir = dir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The proxy's address, such as {@code http://127.0.0.1:41234/}. */
    public URI baseUri() {
        return baseUri;
    }

    /** Aperture's own log ({@code aperture.log} in its base directory), for diagnosing a refused token. */
    public Path log() {
        return dir.resolve("aperture.log");
    }

    public ManagedProcess process() {
        return process;
    }

    /** Stops aperture (SIGTERM, then SIGKILL after a grace period). */
    @Override
    public void close() {
        supervisor.close();
    }

    /**
     * One backend behind aperture, as in aperture's {@code services:} config.
     *
     * @param name the service name, which aperture writes into the macaroon's {@code services} caveat
     * @param pathRegexp the request paths this service serves, such as {@code ^/api/.*$}
     * @param backend the backend's {@code host:port}, spoken to over plain HTTP
     * @param priceSats the price of one token in satoshis (positive)
     * @param timeoutSeconds how long a token is valid (0: no {@code <name>_valid_until} caveat)
     * @param capabilities comma-separated capabilities written into the {@code <name>_capabilities} caveat
     * @param freePaths path regexps of this service that need no payment (aperture's {@code authwhitelistpaths})
     */
    public record Service(String name, String pathRegexp, String backend, long priceSats, long timeoutSeconds,
                          String capabilities, List<String> freePaths) {
        public Service {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pathRegexp, "pathRegexp");
            Objects.requireNonNull(backend, "backend");
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("an aperture service name is letters, digits, '_' or '-', got '" + name + "'");
            }
            if (priceSats <= 0) {
                throw new IllegalArgumentException("aperture treats a price of 0 as 1 sat; give a positive price, got " + priceSats);
            }
            if (timeoutSeconds < 0) {
                throw new IllegalArgumentException("a token timeout is 0 or more seconds, got " + timeoutSeconds);
            }
            capabilities = capabilities == null ? "" : capabilities;
            freePaths = List.copyOf(freePaths == null ? List.of() : freePaths);
        }
    }

    /** Configures and starts an {@link ApertureProxy}. */
    public static final class Builder {
        private Path binary;
        private Path dir;
        private LndNode payee;
        private final List<Service> services = new ArrayList<>();
        private String readinessPath;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The aperture binary ({@code ApertureBinary.ensure}). */
        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        /** A private folder for aperture's config, database and logs. */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** The lnd node that issues aperture's invoices and so receives the payments (aperture reads its invoice.macaroon). */
        public Builder payee(LndNode payee) {
            this.payee = payee;
            return this;
        }

        public Builder service(Service service) {
            services.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        /** A priced path; aperture counts as ready once a GET there answers 402. */
        public Builder readinessPath(String path) {
            this.readinessPath = path;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Writes the config, starts aperture and waits until the readiness path answers 402 Payment Required. */
        public ApertureProxy start() {
            if (binary == null || dir == null || payee == null || services.isEmpty() || readinessPath == null) {
                throw new IllegalArgumentException("aperture needs a binary, a dir, a payee lnd, at least one service and a readiness path");
            }
            int port = FreePorts.next();
            Path config = writeConfig(port);
            ProcessSupervisor supervisor = new ProcessSupervisor(dir.resolve("logs"));
            try {
                ManagedProcess process = supervisor.start("aperture", List.of(binary.toString(), "--basedir=" + dir,
                        "--configfile=" + config,
                        // the YAML decoder reads SqliteConfig by field name (databasefilename), not by the sample's
                        // "dbfile"; the flag is unambiguous
                        "--sqlite.dbfile=" + dir.resolve("aperture.db")), dir, Map.of());
                URI base = URI.create("http://127.0.0.1:" + port + "/");
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2)).build();
                URI probe = base.resolve(readinessPath.replaceFirst("^/", ""));
                Readiness.await("aperture answering 402 at " + probe, startTimeout, Duration.ofMillis(300), process,
                        () -> status(http, probe) == 402);
                return new ApertureProxy(supervisor, process, base, dir);
            } catch (RuntimeException e) {
                supervisor.close();
                throw e;
            }
        }

        private static int status(HttpClient http, URI uri) {
            try {
                return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                throw new DevnetException("aperture at " + uri + " does not answer yet: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevnetException("interrupted while waiting for aperture", e);
            }
        }

        private Path writeConfig(int port) {
            StringBuilder y = new StringBuilder();
            y.append("listenaddr: ").append(quote("127.0.0.1:" + port)).append('\n');
            y.append("insecure: true\n");
            y.append("servestatic: false\n");
            y.append("debuglevel: \"debug\"\n");
            y.append("dbbackend: \"sqlite\"\n");
            y.append("authenticator:\n");
            y.append("  network: \"regtest\"\n");
            y.append("  lndhost: ").append(quote(payee.grpcHost() + ":" + payee.grpcPort())).append('\n');
            y.append("  tlspath: ").append(quote(payee.tlsCert().toString())).append('\n');
            y.append("  macdir: ").append(quote(payee.macaroonDir().toString())).append('\n');
            y.append("services:\n");
            for (Service s : services) {
                y.append("  - name: ").append(quote(s.name())).append('\n');
                y.append("    hostregexp: '.*'\n");
                y.append("    pathregexp: ").append(quote(s.pathRegexp())).append('\n');
                y.append("    address: ").append(quote(s.backend())).append('\n');
                y.append("    protocol: http\n");
                y.append("    price: ").append(s.priceSats()).append('\n');
                y.append("    timeout: ").append(s.timeoutSeconds()).append('\n');
                y.append("    capabilities: ").append(quote(s.capabilities())).append('\n');
                if (!s.freePaths().isEmpty()) {
                    y.append("    authwhitelistpaths:\n");
                    s.freePaths().forEach(p -> y.append("      - ").append(quote(p)).append('\n'));
                }
            }
            try {
                Files.createDirectories(dir);
                trySetPermissions(dir, "rwx------");
                Path config = dir.resolve("aperture.yaml");
                Files.writeString(config, y.toString(), StandardCharsets.UTF_8);
                trySetPermissions(config, "rw-------");
                return config;
            } catch (IOException e) {
                throw new DevnetException("cannot write aperture's config under " + dir + ": " + e.getMessage(), e);
            }
        }

        /** A YAML single-quoted scalar: no escapes inside except a doubled quote, so regexps stay as written. */
        private static String quote(String value) {
            return "'" + value.replace("'", "''") + "'";
        }

        private static void trySetPermissions(Path path, String perms) throws IOException {
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
            } catch (UnsupportedOperationException notPosix) {
                // a non-POSIX file system keeps its own access rules
            }
        }
    }
}
