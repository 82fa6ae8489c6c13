package dev.bursar.devnet.mcp;

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
 * The {@code @modelcontextprotocol/sdk} 1.32.2 reference client (Streamable HTTP): each {@link #run} connects to an
 * MCP endpoint (initialize, as the SDK does it), lists the tools and calls the given ones in turn.
 */
public final class McpJsClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);

    /** One tool call: the tool's name and its arguments. */
    public record Call(String name, Map<String, Object> arguments) {
    }

    private final Devnet devnet;

    private McpJsClient(Devnet devnet) {
        this.devnet = devnet;
    }

    public static McpJsClient of(Devnet devnet) {
        return new McpJsClient(Objects.requireNonNull(devnet, "devnet"));
    }

    /**
     * Runs the client against {@code endpoint} and returns its report: {@code status} ("ok", or "error" with
     * {@code error} when it could not connect or list), {@code server}, {@code tools} (name, description, inputSchema)
     * and {@code calls} (name, isError, text; or error).
     *
     * @param token sent as {@code Authorization: Bearer}; reaches node through the environment only
     */
    public JsonNode run(URI endpoint, Optional<String> token, List<Call> calls) {
        NodeScript script = NodeScript.install(devnet.npm().nodeModules(), devnet.workDir().resolve("mcp"), McpJsServer.RESOURCE_DIR,
                "client.mjs");
        try (ProcessSupervisor supervisor = new ProcessSupervisor(script.dir())) {
            ManagedProcess process = supervisor.start("mcp-js-client", script.command(List.of(endpoint.toString(),
                    JSON.writeValueAsString(calls))), script.dir(), token.map(t -> Map.of("MCP_TOKEN", t)).orElse(Map.of()));
            OptionalInt exit = process.awaitExit(RUN_TIMEOUT);
            if (exit.isEmpty()) {
                throw new DevnetException("the MCP JS client did not finish within " + RUN_TIMEOUT.toSeconds() + " s:\n" + process.tail(20));
            }
            for (String line : Files.readAllLines(process.log(), StandardCharsets.UTF_8)) {
                if (line.startsWith("{\"status\":")) {
                    return JSON.readTree(line);
                }
            }
            throw new DevnetException("the MCP JS client printed no result line (exit " + exit.getAsInt() + "):\n" + process.tail(20));
        } catch (IOException e) {
            throw new DevnetException("cannot read the MCP JS client's output: " + e.getMessage(), e);
        }
    }
}
