package dev.bursar.devnet.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.node.NodeScript;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code @a2a-js/sdk} 0.3.14 reference client ({@code ClientFactory}, JSON-RPC transport): each {@link #send} runs
 * it once against an agent's base URL: it fetches the card, sends one message with metadata {@code {"from":"a2a-js"}},
 * polls the task until it ends and asks for an unknown task.
 */
public final class A2aJsClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    private final Devnet devnet;

    private A2aJsClient(Devnet devnet) {
        this.devnet = devnet;
    }

    public static A2aJsClient of(Devnet devnet) {
        return new A2aJsClient(Objects.requireNonNull(devnet, "devnet"));
    }

    /**
     * Sends {@code text} to the agent at {@code base} and returns the script's report: {@code card} (name, url, skill
     * ids), {@code result} (the final task or message as the JS SDK parsed it) and {@code unknownTask} (the error text
     * for an unknown task id).
     *
     * @param token sent as {@code Authorization: Bearer}; reaches node through the environment only
     * @throws DevnetException if the client fails (card unreadable, transport error), with its output
     */
    public JsonNode send(URI base, String text, Optional<String> token) {
        NodeScript script = NodeScript.install(devnet.npm().nodeModules(), devnet.workDir().resolve("a2a"), A2aJsServer.RESOURCE_DIR,
                "client.mjs");
        try (ProcessSupervisor supervisor = new ProcessSupervisor(script.dir())) {
            ManagedProcess process = supervisor.start("a2a-js-client", script.command(List.of(base.toString(), text)), script.dir(),
                    token.map(t -> Map.of("A2A_TOKEN", t)).orElse(Map.of()));
            OptionalInt exit = process.awaitExit(RUN_TIMEOUT);
            if (exit.isEmpty()) {
                throw new DevnetException("the A2A JS client did not finish within " + RUN_TIMEOUT.toSeconds() + " s:\n" + process.tail(20));
            }
            if (exit.getAsInt() != 0) {
                throw new DevnetException("the A2A JS client failed (exit " + exit.getAsInt() + ") against " + base + ":\n" + process.tail(20));
            }
            for (String line : Files.readAllLines(process.log(), StandardCharsets.UTF_8)) {
                if (line.startsWith("{\"status\":")) {
                    return JSON.readTree(line);
                }
            }
            throw new DevnetException("the A2A JS client printed no result line:\n" + process.tail(20));
        } catch (IOException e) {
            throw new DevnetException("cannot read the A2A JS client's output: " + e.getMessage(), e);
        }
    }
}
