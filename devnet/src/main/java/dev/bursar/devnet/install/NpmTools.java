package dev.bursar.devnet.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The pinned npm tools of the devnet (anvil's binary, solcjs, OpenZeppelin contracts), installed with {@code npm ci}
 * from the package-lock shipped in this jar, so npm verifies every tarball's integrity hash.
 */
public final class NpmTools {

    /** SHA-256 of the anvil 1.7.1 linux-amd64 binary inside {@code @foundry-rs/anvil-linux-amd64@1.7.1}. */
    public static final String ANVIL_SHA256 = "10c1c727d6c1de973aeb160e59875b9a9a23464d6e74149ee8abb30b3500311b";

    private static final String RESOURCE_DIR = "/dev/bursar/devnet/npm/";
    private static final String MARKER = ".bursar-installed";

    private final Path home;

    private NpmTools(Path home) {
        this.home = home;
    }

    /** Installs the pinned npm tools if they are missing or damaged, and returns them. */
    public static NpmTools ensure(BursarCache cache, PrintStream progress) {
        byte[] packageJson = resource("package.json");
        byte[] lock = resource("package-lock.json");
        String key = FileDigest.sha256(concat(packageJson, lock)).substring(0, 16);
        Path home = cache.dir("npm").resolve(key);
        try (InstallLock ignored = InstallLock.acquire(cache.dir("npm").resolve(key + ".lock"))) {
            NpmTools tools = new NpmTools(home);
            if (tools.isIntact()) {
                return tools;
            }
            progress.println("[devnet] installing anvil 1.7.1, solc 0.8.37 and @openzeppelin/contracts 5.7.0 from npm into " + home);
            DirectoryTree.delete(home);
            Files.createDirectories(home);
            Files.write(home.resolve("package.json"), packageJson);
            Files.write(home.resolve("package-lock.json"), lock);
            new CommandRunner(progress).run("npm ci (registry: npm)",
                    List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"),
                    home, Map.of(), cache.dir("logs").resolve("npm-" + key + ".log"), Duration.ofMinutes(10));
            FileDigest.verify(tools.anvil(), ANVIL_SHA256, "anvil binary from npm @foundry-rs/anvil-linux-amd64@1.7.1");
            tools.anvil().toFile().setExecutable(true);
            Files.writeString(home.resolve(MARKER), ANVIL_SHA256, StandardCharsets.UTF_8);
            return tools;
        } catch (IOException e) {
            throw new InstallException("cannot write the npm tools into " + home + ": " + e.getMessage(), e);
        }
    }

    public Path anvil() {
        return nodeModules().resolve("@foundry-rs/anvil-linux-amd64/bin/anvil");
    }

    public Path nodeModules() {
        return home.resolve("node_modules");
    }

    /** The solcjs package directory ({@code require}-able by node). */
    public Path solc() {
        return nodeModules().resolve("solc");
    }

    private boolean isIntact() {
        if (!Files.isRegularFile(home.resolve(MARKER)) || !Files.isRegularFile(anvil())
                || !Files.isRegularFile(solc().resolve("soljson.js"))
                || !Files.isDirectory(nodeModules().resolve("@openzeppelin/contracts"))) {
            return false;
        }
        return FileDigest.sha256(anvil()).equals(ANVIL_SHA256);
    }

    private static byte[] resource(String name) {
        try (InputStream in = NpmTools.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new InstallException("the devnet jar lacks " + RESOURCE_DIR + name + "; rebuild it with ./bursar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InstallException("cannot read " + RESOURCE_DIR + name + ": " + e.getMessage(), e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
