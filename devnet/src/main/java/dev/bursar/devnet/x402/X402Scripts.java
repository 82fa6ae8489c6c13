package dev.bursar.devnet.x402;

import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One x402 node script from this jar, copied into a fresh folder whose {@code node_modules} links to the devnet's pinned
 * npm project: node resolves an ES module's imports from the script's own folder upwards ({@code NODE_PATH} does not
 * apply to ES modules), so the script must sit next to the packages.
 */
final class X402Scripts {

    private static final String RESOURCE_DIR = "/dev/bursar/devnet/x402/";

    private final Path dir;
    private final Path script;

    private X402Scripts(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    /**
     * Copies {@code scriptName} (such as {@code facilitator.mjs}) into a new folder under {@code parent}.
     *
     * @param nodeModules the devnet's installed npm packages ({@code NpmTools.nodeModules()})
     */
    static X402Scripts install(Path nodeModules, Path parent, String scriptName) {
        if (!Files.isDirectory(nodeModules.resolve("@x402/core"))) {
            throw new DevnetException("the x402 reference packages are missing from " + nodeModules
                    + "; delete that npm folder and start the devnet's EVM component again to reinstall it");
        }
        try (InputStream in = X402Scripts.class.getResourceAsStream(RESOURCE_DIR + scriptName)) {
            if (in == null) {
                throw new DevnetException("the devnet jar lacks " + RESOURCE_DIR + scriptName + "; rebuild it with ./bursar");
            }
            Path dir = Files.createTempDirectory(Files.createDirectories(parent), scriptName.replace(".mjs", "") + "-");
            Files.createSymbolicLink(dir.resolve("node_modules"), nodeModules.toAbsolutePath());
            Path script = dir.resolve(scriptName);
            Files.write(script, in.readAllBytes());
            return new X402Scripts(dir, script);
        } catch (IOException e) {
            throw new DevnetException("cannot prepare the x402 script " + scriptName + " under " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The folder holding the script, its {@code node_modules} link and its log. */
    Path dir() {
        return dir;
    }

    /** {@code node <script> <args...>}, run with the {@code node} on PATH (Node 20 or newer). */
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(args);
        return command;
    }
}
