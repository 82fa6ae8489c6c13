package dev.bursar.devnet.install;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A folder of npm packages installed with {@code npm ci} from a {@code package.json} and {@code package-lock.json}
 * pair, kept in the cache under their hash: npm checks every tarball against the lockfile's integrity hash, and a
 * changed lockfile gets a folder of its own.
 */
public final class NpmProject {

    /** Checks an installed project; throws {@link InstallException} when a file is missing or has the wrong digest. */
    @FunctionalInterface
    public interface Verifier {
        void verify(NpmProject project);
    }

    private static final String MARKER = ".bursar-installed";

    private final Path home;

    private NpmProject(Path home) {
        this.home = home;
    }

    /**
     * Returns the project installed from {@code packageJson} and {@code lock}, running {@code npm ci} first if it is
     * missing or {@code verifier} finds it damaged; {@code verifier} also checks a fresh install.
     *
     * @param description what is installed, for progress lines, such as "@getalby/lightning-tools 9.0.1"
     */
    public static NpmProject ensure(BursarCache cache, String description, byte[] packageJson, byte[] lock,
                                    Verifier verifier, PrintStream progress) {
        String key = FileDigest.sha256(concat(packageJson, lock)).substring(0, 16);
        Path home = cache.dir("npm").resolve(key);
        try (InstallLock ignored = InstallLock.acquire(cache.dir("npm").resolve(key + ".lock"))) {
            NpmProject project = new NpmProject(home);
            if (project.isIntact(verifier)) {
                return project;
            }
            progress.println("[devnet] installing " + description + " from npm into " + home);
            DirectoryTree.delete(home);
            Files.createDirectories(home);
            Files.write(home.resolve("package.json"), packageJson);
            Files.write(home.resolve("package-lock.json"), lock);
            new CommandRunner(progress).run("npm ci (registry: npm)",
                    List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"),
                    home, Map.of(), cache.dir("logs").resolve("npm-" + key + ".log"), Duration.ofMinutes(10));
            verifier.verify(project);
            Files.writeString(home.resolve(MARKER), key, StandardCharsets.UTF_8);
            return project;
        } catch (IOException e) {
            throw new InstallException("cannot write the npm packages of " + description + " into " + home + ": " + e.getMessage(), e);
        }
    }

    /** The folder holding {@code package.json} and {@code node_modules}. */
    public Path home() {
        return home;
    }

    public Path nodeModules() {
        return home.resolve("node_modules");
    }

    private boolean isIntact(Verifier verifier) {
        if (!Files.isRegularFile(home.resolve(MARKER))) {
            return false;
        }
        try {
            verifier.verify(this);
            return true;
        } catch (InstallException damaged) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
