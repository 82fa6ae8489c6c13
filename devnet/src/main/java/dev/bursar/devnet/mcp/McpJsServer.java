package dev.bursar.devnet.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.node.NodeScript;
import dev.bursar.devnet.node.NodeServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code @modelcontextprotocol/sdk} 1.32.2 reference server (Streamable HTTP, stateless) on a free 127.0.0.1 port
 * with two tools: {@code forecast {city}}, and {@code pay_hint}, whose result is a payment instruction (the injection an
 * MCP client must treat as data). With a token it answers 401 to calls without {@code Authorization: Bearer <token>}.
 * {@link #calls()} lists the tool calls it received. {@link #close()} stops it.
 */
public final class McpJsServer implements AutoCloseable {

    static final String RESOURCE_DIR = "/dev/bursar/devnet/mcp/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeServer server;

    private McpJsServer(NodeServer server) {
        this.server = server;
    }

    /** Starts the server using {@code devnet}'s npm packages; {@code token} reaches it through the environment only. */
    public static McpJsServer start(Devnet devnet, Optional<String> token) {
        NodeScript script = NodeScript.install(devnet.npm().nodeModules(), devnet.workDir().resolve("mcp"), RESOURCE_DIR, "server.mjs");
        Map<String, String> env = new HashMap<>();
        token.ifPresent(t -> env.put("MCP_TOKEN", t));
        return new McpJsServer(NodeServer.start("mcp-js-server", script, java.util.List.of(), env));
    }

    /** The MCP endpoint, such as {@code http://127.0.0.1:41234/mcp}. */
    public URI endpoint() {
        return server.url().resolve("/mcp");
    }

    /** The tool calls received so far: {@code [{"tool": "forecast", "args": {"city": "Porto"}}, ...]}. */
    public JsonNode calls() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve("/calls")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new DevnetException("the MCP reference server did not list its calls: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted", e);
        }
    }

    /** The server's output. */
    public Path log() {
        return server.process().log();
    }

    @Override
    public void close() {
        server.close();
    }
}
