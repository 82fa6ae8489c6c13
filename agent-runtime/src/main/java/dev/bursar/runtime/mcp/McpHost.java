package dev.bursar.runtime.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.chat.ChatService;
import dev.bursar.runtime.store.User;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's MCP server: the MCP Java SDK's stateless server (tools only), whose tools {@link AgentMcpTools} keeps in
 * step with the hosted agents. {@link #handle} takes one JSON-RPC message from an authenticated caller and returns the
 * JSON-RPC response, or nothing for a notification.
 */
@Singleton
public class McpHost {

    private final AgentMcpTools tools;
    private final RequestHandlerTransport transport = new RequestHandlerTransport();
    private final ObjectMapper mapper = new ObjectMapper();
    private final McpJsonMapper json = new JacksonMcpJsonMapper(mapper);
    private final McpStatelessSyncServer server;

    @Inject
    public McpHost(AgentRegistry agents, ChatService chat) {
        this.tools = new AgentMcpTools(agents, chat, Duration.ofMinutes(5));
        this.server = McpServer.sync(transport).serverInfo("bursar", "0.1.0").jsonMapper(json)
                .instructions("Bursar wallet agents. Each agent has a '<agent>.chat' tool; payments happen only in a chat, when your"
                        + " message asks for them and the agent's policy allows it.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .addToolFilter(tools::visible).build();
    }

    /**
     * Handles one JSON-RPC message (a request or a notification) from {@code user}.
     *
     * @return the response to send, or empty for a notification or a client's response (HTTP 202)
     */
    public Optional<String> handle(User user, String body) {
        JSONRPCMessage message;
        try {
            mapper.readTree(body);
        } catch (IOException e) {
            return Optional.of(error(McpSchema.ErrorCodes.PARSE_ERROR, "the body is not JSON"));
        }
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, body);
        } catch (IOException | RuntimeException e) {
            return Optional.of(error(McpSchema.ErrorCodes.INVALID_REQUEST, "not a JSON-RPC 2.0 request or notification"));
        }
        McpTransportContext context = McpTransportContext.create(Map.of(AgentMcpTools.USER, user));
        if (message instanceof JSONRPCRequest request) {
            tools.sync(server);
            JSONRPCResponse response = transport.handler().handleRequest(context, request).block(Duration.ofMinutes(6));
            if (response == null) {
                return Optional.of(error(McpSchema.ErrorCodes.INTERNAL_ERROR, "the request " + request.method() + " got no answer"));
            }
            return Optional.of(write(response));
        }
        if (message instanceof JSONRPCNotification notification) {
            transport.handler().handleNotification(context, notification).block(Duration.ofSeconds(10));
        }
        return Optional.empty();
    }

    /** A JSON-RPC error with id null (for a message whose id could not be read), which the SDK's response type does not allow. */
    private String error(int code, String message) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        error.put("id", null);
        error.put("error", Map.of("code", code, "message", message));
        try {
            return json.writeValueAsString(error);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an MCP error", e);
        }
    }

    private String write(JSONRPCResponse response) {
        try {
            return json.writeValueAsString(response);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an MCP response", e);
        }
    }

    @PreDestroy
    void close() {
        server.close();
    }
}
