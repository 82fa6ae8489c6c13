package dev.bursar.devnet.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
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
 * Builds Go programs at pinned versions through the Go module proxy (whose checksum database verifies every module) into
 * {@code <cache>/go/<name>-<version>/bin} (or, for a small Go program kept in this repository, {@code <name>-<source
 * hash>}), and keeps the SHA-256 of each binary so a damaged cache entry is rebuilt.
 */
public final class GoModuleBuild {

    private static final String MARKER = ".bursar-installed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BursarCache cache;
    private final PrintStream progress;
    private final CommandRunner runner;
    private final Map<String, String> env;

    public GoModuleBuild(BursarCache cache, PrintStream progress) {
        this.cache = cache;
        this.progress = progress;
        this.runner = new CommandRunner(progress);
        this.env = goEnvironment(cache);
    }

    /**
     * {@code go install}s {@code packages} (each {@code path@version}) unless {@code binaries} are cached intact; for
     * modules without {@code replace} directives. Returns the folder holding the binaries.
     */
    public Path install(String name, String version, List<String> packages, List<String> binaries) {
        Path dir = cache.dir("go", name + "-" + version);
        try (InstallLock ignored = lock()) {
            if (!isIntact(dir, binaries)) {
                DirectoryTree.delete(dir);
                Path bin = Files.createDirectories(dir.resolve("bin"));
                Map<String, String> installEnv = new HashMap<>(env);
                installEnv.put("GOBIN", bin.toString());
                List<String> command = new ArrayList<>(List.of("go", "install", "-trimpath"));
                command.addAll(packages);
                runner.run("building " + name + " " + version + " (go install, Go module proxy)", command, dir, installEnv,
                        log(name + "-build"), Duration.ofMinutes(20));
                writeMarker(dir, binaries);
            }
        } catch (IOException e) {
            throw cacheUnwritable(e);
        }
        return dir.resolve("bin");
    }

    /**
     * Downloads {@code module@version} and runs {@code go build} inside a writable copy of it, for modules whose go.mod
     * has {@code replace} directives ({@code go install pkg@version} refuses those), unless {@code binaries} are cached
     * intact. Returns the folder holding the binaries.
     *
     * @param tags build tags, or an empty string
     * @param packages the main packages relative to the module root, such as {@code ./cmd/lnd}
     */
    public Path buildInModule(String name, String module, String version, String tags, List<String> packages,
                              List<String> binaries, Duration timeout) {
        Path dir = cache.dir("go", name + "-" + version);
        try (InstallLock ignored = lock()) {
            if (!isIntact(dir, binaries)) {
                DirectoryTree.delete(dir);
                Files.createDirectories(dir);
                progress.println("[devnet] " + name + " " + version + " is built from source once and cached in " + dir
                        + " (minutes on 2 cores)");
                String download = runner.run("downloading the " + name + " " + version + " module (Go module proxy)",
                        List.of("go", "mod", "download", "-json", module + "@" + version),
                        dir, env, log(name + "-download"), Duration.ofMinutes(20));
                Path source = dir.resolve("src");
                copyWritable(moduleDir(download, module + "@" + version), source);
                Path bin = Files.createDirectories(dir.resolve("bin"));
                List<String> command = new ArrayList<>(List.of("go", "build", "-trimpath"));
                if (!tags.isBlank()) {
                    command.addAll(List.of("-tags", tags));
                }
                command.addAll(List.of("-o", bin + "/"));
                command.addAll(packages);
                runner.run("building " + name + " " + version, command, source, env, log(name + "-build"), timeout);
                DirectoryTree.delete(source);
                writeMarker(dir, binaries);
            }
        } catch (IOException e) {
            throw cacheUnwritable(e);
        }
        return dir.resolve("bin");
    }

    /**
     * Builds the main package whose {@code go.mod}, {@code go.sum} and Go sources are {@code files} in {@code sourceDir}
     * (a folder of this repository) into {@code <cache>/go/<name>-<hash>/bin/<binary>}, the hash being that of the
     * files, so an edited source gets a build of its own. The build runs in a copy with {@code -mod=readonly}: the
     * committed go.sum must name every module, and the checksum database verifies each one it downloads.
     */
    public Path buildSources(String name, Path sourceDir, List<String> files, String binary, Duration timeout) {
        String key = sourceDigest(sourceDir, files).substring(0, 16);
        Path dir = cache.dir("go", name + "-" + key);
        try (InstallLock ignored = lock()) {
            if (!isIntact(dir, List.of(binary))) {
                DirectoryTree.delete(dir);
                Path source = Files.createDirectories(dir.resolve("src"));
                for (String file : files) {
                    Files.copy(sourceDir.resolve(file), source.resolve(file));
                }
                Path bin = Files.createDirectories(dir.resolve("bin"));
                runner.run("building " + name + " from " + sourceDir, List.of("go", "build", "-trimpath", "-mod=readonly",
                        "-o", bin.resolve(binary).toString(), "."), source, env, log(name + "-build"), timeout);
                DirectoryTree.delete(source);
                writeMarker(dir, List.of(binary));
            }
        } catch (IOException e) {
            throw cacheUnwritable(e);
        }
        return dir.resolve("bin").resolve(binary);
    }

    private static String sourceDigest(Path sourceDir, List<String> files) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String file : files) {
            Path path = sourceDir.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new InstallException("the Go source " + path + " is missing");
            }
            all.writeBytes((file + "\n" + FileDigest.sha256(path) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return FileDigest.sha256(all.toByteArray());
    }

    private InstallLock lock() {
        return InstallLock.acquire(cache.dir("go").resolve("build.lock"));
    }

    private Path log(String name) {
        return cache.dir("logs").resolve(name + ".log");
    }

    private InstallException cacheUnwritable(IOException e) {
        return new InstallException("cannot write the Go build cache under " + cache.root() + ": " + e.getMessage(), e);
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

    private static Path moduleDir(String goModDownloadJson, String module) {
        try {
            int start = goModDownloadJson.indexOf('{');
            JsonNode node = JSON.readTree(goModDownloadJson.substring(Math.max(start, 0)));
            if (node.hasNonNull("Error")) {
                throw new InstallException("go mod download of " + module + " failed: " + node.get("Error").asText());
            }
            return Path.of(node.get("Dir").asText());
        } catch (IOException | RuntimeException e) {
            if (e instanceof InstallException ie) {
                throw ie;
            }
            throw new InstallException("cannot read go mod download's answer for " + module + ": " + goModDownloadJson, e);
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

    private static boolean isIntact(Path dir, List<String> names) {
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

    private static void writeMarker(Path dir, List<String> names) throws IOException {
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
