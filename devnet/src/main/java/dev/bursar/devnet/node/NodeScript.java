package dev.bursar.devnet.node;

import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One node script from this jar, copied into a fresh folder whose {@code node_modules} links to the devnet's pinned
 * npm project: node resolves an ES module's imports from the script's own folder upwards ({@code NODE_PATH} does not
 * apply to ES modules), so the script must sit next to the packages.
 */
public final class NodeScript {

    private final Path dir;
    private final Path script;

    private NodeScript(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    /**
     * Copies the resource {@code resourceDir + scriptName} (such as {@code /dev/bursar/devnet/x402/} and
     * {@code facilitator.mjs}) into a new folder under {@code parent}.
     *
     * @param nodeModules the devnet's installed npm packages ({@code NpmTools.nodeModules()})
     */
    public static NodeScript install(Path nodeModules, Path parent, String resourceDir, String scriptName) {
        if (!Files.isDirectory(nodeModules)) {
            throw new DevnetException("the devnet's npm packages are missing from " + nodeModules
                    + "; delete that npm folder and start the devnet's EVM component again to reinstall it");
        }
        try (InputStream in = NodeScript.class.getResourceAsStream(resourceDir + scriptName)) {
            if (in == null) {
                throw new DevnetException("the devnet jar lacks " + resourceDir + scriptName + "; rebuild it with ./bursar");
            }
            Path dir = Files.createTempDirectory(Files.createDirectories(parent), scriptName.replace(".mjs", "") + "-");
            Files.createSymbolicLink(dir.resolve("node_modules"), nodeModules.toAbsolutePath());
            Path script = dir.resolve(scriptName);
            Files.write(script, in.readAllBytes());
            return new NodeScript(dir, script);
        } catch (IOException e) {
            throw new DevnetException("cannot prepare the node script " + scriptName + " under " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The folder holding the script, its {@code node_modules} link and its log. */
    public Path dir() {
        return dir;
    }

    /** {@code node <script> <args...>}, run with the {@code node} on PATH (Node 20 or newer). */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(args);
        return command;
    }
}
