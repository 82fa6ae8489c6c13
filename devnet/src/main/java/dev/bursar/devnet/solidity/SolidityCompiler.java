package dev.bursar.devnet.solidity;

import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.CommandRunner;
import dev.bursar.devnet.install.InstallException;
import dev.bursar.devnet.install.NpmTools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Build-time Solidity compiler: solcjs (npm {@code solc}, pinned) with OpenZeppelin imports turns a module's
 * {@code src/main/solidity} into ABI + bytecode JSON resources, so nothing at run time needs node. Maven runs it
 * through the parent POM's {@code solidity} profile.
 */
public final class SolidityCompiler {

    private SolidityCompiler() {
    }

    /** {@code SolidityCompiler <source dir> <output dir>}. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SolidityCompiler <source dir> <output dir>");
            System.exit(2);
        }
        try {
            compile(Path.of(args[0]), Path.of(args[1]));
        } catch (InstallException e) {
            System.err.println("[solidity] error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Compiles every {@code .sol} file under {@code sources} into {@code <Contract>.json} files in {@code output}. */
    public static void compile(Path sources, Path output) {
        BursarCache cache = BursarCache.fromEnvironment();
        NpmTools npm = NpmTools.ensure(cache, System.err);
        try {
            Path script = Files.createTempFile("bursar-solc-", ".cjs");
            try (InputStream in = SolidityCompiler.class.getResourceAsStream("/dev/bursar/devnet/solidity/compile.cjs")) {
                Files.write(script, in.readAllBytes());
            }
            try {
                String out = new CommandRunner(System.err).run("compiling Solidity in " + sources + " (solcjs 0.8.37)",
                        List.of("node", script.toString(), npm.solc().toString(), npm.nodeModules().toString(),
                                sources.toAbsolutePath().toString(), output.toAbsolutePath().toString()),
                        sources, Map.of(), cache.dir("logs").resolve("solc.log"), Duration.ofMinutes(5));
                System.err.print(out.lines().filter(l -> l.startsWith("compiled ")).findFirst().orElse("") + "\n");
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new InstallException("cannot run the Solidity compiler: " + e.getMessage(), e);
        }
    }
}
