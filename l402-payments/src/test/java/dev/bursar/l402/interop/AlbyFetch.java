package dev.bursar.l402.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.InstallException;
import dev.bursar.devnet.install.NpmProject;
import dev.bursar.devnet.lightning.LndNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Alby's {@code fetchWithL402} (@getalby/lightning-tools 9.0.1, installed with {@code npm ci} from the lockfile
 * in {@code src/test/node}) in node against a URL, with a wallet that pays through an LND node's REST API.
 */
final class AlbyFetch {

    static final String VERSION = "9.0.1";
    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NpmProject project;
    private final Path workDir;

    private AlbyFetch(NpmProject project, Path workDir) {
        this.project = project;
        this.workDir = workDir;
    }

    /** Installs Alby's package into the cache if needed; the script runs from {@code workDir}. */
    static AlbyFetch install(Path workDir) {
        NpmProject project = NpmProject.ensure(BursarCache.fromEnvironment(), "@getalby/lightning-tools " + VERSION,
                read("package.json"), read("package-lock.json"), AlbyFetch::verify, System.err);
        return new AlbyFetch(project, workDir);
    }

    private static void verify(NpmProject project) {
        Path manifest = project.nodeModules().resolve("@getalby/lightning-tools/package.json");
        try {
            String version = Files.isRegularFile(manifest) ? JSON.readTree(manifest.toFile()).path("version").asText() : "none";
            if (!version.equals(VERSION)) {
                throw new InstallException("@getalby/lightning-tools in " + project.nodeModules() + " is " + version + ", expected " + VERSION);
            }
        } catch (IOException e) {
            throw new InstallException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
    }

    /**
     * Buys {@code url} with Alby paying from {@code payer}, then fetches it again with the credentials Alby returned;
     * returns the script's JSON report (statuses, bodies, payments made; no secrets).
     */
    JsonNode buy(URI url, LndNode payer) throws IOException, InterruptedException {
        Path script = workDir.resolve("alby-fetch.mjs");
        Files.copy(SOURCES.resolve("alby-fetch.mjs"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path modules = workDir.resolve("node_modules");
        if (!Files.exists(modules)) {
            Files.createSymbolicLink(modules, project.nodeModules());
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("node", script.toString(), url.toString())).directory(workDir.toFile());
        builder.environment().put("LND_REST", "https://127.0.0.1:" + payer.restPort());
        builder.environment().put("LND_TLS_CERT", payer.tlsCert().toString());
        builder.environment().put("LND_MACAROON", payer.adminMacaroon().toString());
        builder.redirectError(workDir.resolve("node-stderr.log").toFile());
        builder.redirectOutput(workDir.resolve("node-stdout.log").toFile());
        Process node = builder.start();
        try {
            if (!node.waitFor(2, TimeUnit.MINUTES)) {
                node.destroyForcibly();
                throw new IllegalStateException("node alby-fetch.mjs did not finish within 2 minutes");
            }
        } finally {
            Files.delete(modules); // the link only: the shared cache stays
        }
        if (node.exitValue() != 0) {
            throw new IllegalStateException("node alby-fetch.mjs failed with exit code " + node.exitValue() + ": "
                    + Files.readString(workDir.resolve("node-stderr.log")));
        }
        String out = Files.readString(workDir.resolve("node-stdout.log"), StandardCharsets.UTF_8);
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("alby-fetch.mjs printed nothing")));
    }

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(SOURCES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SOURCES.resolve(name) + " (run the tests from the l402-payments module)", e);
        }
    }
}
