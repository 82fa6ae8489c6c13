package dev.bursar.devnet.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * btcd, btcctl, lnd and lncli built from their Go modules at pinned versions, through the Go module proxy (whose
 * checksum database verifies every module), and cached with the SHA-256 of each binary so a damaged cache is redone.
 */
public final class GoBinaries {

    /** lnd's release module; docs/decisions.md says why this version. */
    public static final String LND_VERSION = "v0.20.2-beta";
    public static final String BTCD_VERSION = "v0.25.0";
    /** lnd's release build tags (its Makefile's RELEASE_TAGS, less the ones we never use); routerrpc is always in. */
    public static final String LND_TAGS = "signrpc walletrpc chainrpc invoicesrpc peersrpc";

    private static final String MARKER = ".bursar-installed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path btcdBin;
    private final Path lndBin;

    private GoBinaries(Path btcdBin, Path lndBin) {
        this.btcdBin = btcdBin;
        this.lndBin = lndBin;
    }

    /** Builds whatever is missing or damaged (lnd takes minutes the first time) and returns the four binaries. */
    public static GoBinaries ensure(BursarCache cache, PrintStream progress) {
        Path btcdDir = cache.dir("go", "btcd-" + BTCD_VERSION);
        Path lndDir = cache.dir("go", "lnd-" + LND_VERSION);
        CommandRunner runner = new CommandRunner(progress);
        Map<String, String> env = goEnvironment(cache);
        try (InstallLock ignored = InstallLock.acquire(cache.dir("go").resolve("build.lock"))) {
            if (!isIntact(btcdDir, "btcd", "btcctl")) {
                DirectoryTree.delete(btcdDir);
                Path bin = Files.createDirectories(btcdDir.resolve("bin"));
                Map<String, String> installEnv = new HashMap<>(env);
                installEnv.put("GOBIN", bin.toString());
                runner.run("building btcd " + BTCD_VERSION + " (go install, Go module proxy)",
                        List.of("go", "install", "-trimpath",
                                "github.com/btcsuite/btcd@" + BTCD_VERSION,
                                "github.com/btcsuite/btcd/cmd/btcctl@" + BTCD_VERSION),
                        btcdDir, installEnv, cache.dir("logs").resolve("btcd-build.log"), Duration.ofMinutes(20));
                writeMarker(btcdDir, "btcd", "btcctl");
            }
            if (!isIntact(lndDir, "lnd", "lncli")) {
                DirectoryTree.delete(lndDir);
                Files.createDirectories(lndDir);
                progress.println("[devnet] lnd " + LND_VERSION + " is built from source once and cached in " + lndDir
                        + " (about 5-10 minutes on 2 cores)");
                String download = runner.run("downloading the lnd " + LND_VERSION + " module (Go module proxy)",
                        List.of("go", "mod", "download", "-json", "github.com/lightningnetwork/lnd@" + LND_VERSION),
                        lndDir, env, cache.dir("logs").resolve("lnd-download.log"), Duration.ofMinutes(20));
                Path moduleDir = moduleDir(download);
                Path source = lndDir.resolve("src");
                copyWritable(moduleDir, source);
                Path bin = Files.createDirectories(lndDir.resolve("bin"));
                // `go install pkg@version` refuses lnd because its go.mod has replace directives; build inside the module.
                runner.run("building lnd " + LND_VERSION,
                        List.of("go", "build", "-trimpath", "-tags", LND_TAGS, "-o", bin + "/", "./cmd/lnd", "./cmd/lncli"),
                        source, env, cache.dir("logs").resolve("lnd-build.log"), Duration.ofMinutes(45));
                DirectoryTree.delete(source);
                writeMarker(lndDir, "lnd", "lncli");
            }
        } catch (IOException e) {
            throw new InstallException("cannot write the Go build cache under " + cache.root() + ": " + e.getMessage(), e);
        }
        return new GoBinaries(btcdDir.resolve("bin"), lndDir.resolve("bin"));
    }

    public Path btcd() {
        return btcdBin.resolve("btcd");
    }

    public Path btcctl() {
        return btcdBin.resolve("btcctl");
    }

    public Path lnd() {
        return lndBin.resolve("lnd");
    }

    public Path lncli() {
        return lndBin.resolve("lncli");
    }

    private static Map<String, String> goEnvironment(BursarCache cache) {
        Map<String, String> env = new HashMap<>();
        env.put("GOTOOLCHAIN", "local");
        env.put("CGO_ENABLED", "0");
        env.put("GOFLAGS", "-modcacherw");
        if (System.getenv("GOPATH") == null) {
            env.put("GOPATH", cache.dir("go", "gopath").toString());
            if (System.getenv("GOMODCACHE") == null && Files.isDirectory(Path.of(System.getProperty("user.home"), "go", "pkg", "mod"))) {
                // reuse the user's module cache when there is one; the checksum database still verifies every module
                env.put("GOMODCACHE", Path.of(System.getProperty("user.home"), "go", "pkg", "mod").toString());
            }
        }
        return env;
    }

    private static Path moduleDir(String goModDownloadJson) {
        try {
            int start = goModDownloadJson.indexOf('{');
            JsonNode node = JSON.readTree(goModDownloadJson.substring(Math.max(start, 0)));
            if (node.hasNonNull("Error")) {
                throw new InstallException("go mod download of lnd " + LND_VERSION + " failed: " + node.get("Error").asText());
            }
            return Path.of(node.get("Dir").asText());
        } catch (IOException | RuntimeException e) {
            if (e instanceof InstallException ie) {
                throw ie;
            }
            throw new InstallException("cannot read go mod download's answer for lnd " + LND_VERSION + ": " + goModDownloadJson, e);
        }
    }

    private static void copyWritable(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().setWritable(true, true);
            }
        }
    }

    private static boolean isIntact(Path dir, String... names) {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        try {
            JsonNode sums = JSON.readTree(Files.readString(marker, StandardCharsets.UTF_8));
            for (String name : names) {
                Path bin = dir.resolve("bin").resolve(name);
                if (!Files.isExecutable(bin) || !sums.path(name).asText().equals(FileDigest.sha256(bin))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeMarker(Path dir, String... names) throws IOException {
        Map<String, String> sums = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            Path bin = dir.resolve("bin").resolve(name);
            if (!Files.isExecutable(bin)) {
                missing.add(bin.toString());
            } else {
                sums.put(name, FileDigest.sha256(bin));
            }
        }
        if (!missing.isEmpty()) {
            throw new InstallException("the Go build finished but left no " + String.join(", ", missing));
        }
        Files.writeString(dir.resolve(MARKER), JSON.writeValueAsString(sums), StandardCharsets.UTF_8);
    }
}
