package dev.bursar.devnet.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;
import dev.bursar.devnet.process.Readiness;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node script serving HTTP on 127.0.0.1, supervised like the devnet's other peers; it counts as ready once it has
 * printed its {@code {"port":N}} line.
 */
public final class NodeServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ProcessSupervisor supervisor;
    private final ManagedProcess process;
    private final JsonNode ready;

    private NodeServer(ProcessSupervisor supervisor, ManagedProcess process, JsonNode ready) {
        this.supervisor = supervisor;
        this.process = process;
        this.ready = ready;
    }

    /**
     * Starts {@code scripts} with {@code args} and {@code env} (secrets go here, never in {@code args}) and waits for
     * its ready line.
     */
    public static NodeServer start(String name, NodeScript scripts, List<String> args, Map<String, String> env) {
        ProcessSupervisor supervisor = new ProcessSupervisor(scripts.dir());
        try {
            ManagedProcess process = supervisor.start(name, scripts.command(args), scripts.dir(), env);
            Readiness.await(name + " listening on 127.0.0.1 (its {\"port\":N} line in " + process.log() + ")",
                    START_TIMEOUT, Duration.ofMillis(100), process, () -> readyLine(process.log()).isPresent());
            return new NodeServer(supervisor, process, readyLine(process.log()).orElseThrow());
        } catch (RuntimeException e) {
            supervisor.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + ready.get("port").asInt());
    }

    /** The JSON line the script printed once listening. */
    public JsonNode ready() {
        return ready;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        supervisor.close();
    }

    private static Optional<JsonNode> readyLine(Path log) {
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("{\"port\":")) {
                    JsonNode node = JSON.readTree(line);
                    if (node.path("port").canConvertToInt() && node.path("port").asInt() > 0) {
                        return Optional.of(node);
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            // no log yet, or a line still being written
            return Optional.empty();
        }
    }
}
