package dev.bursar.runtime.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.chat.ChatEvent;
import dev.bursar.runtime.chat.ChatService;
import dev.bursar.runtime.store.User;
import dev.bursar.tools.GrantedTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the MCP server's tools in step with the hosted agents: per agent, {@code <agent>.chat} (one chat turn, the same
 * turn as the REST chat: policy, intent binding, approvals, journal) and {@code <agent>.<tool>} for each granted tool
 * that moves no value (payments, hires and paid fetches happen only in a chat, grounded in the caller's words). A caller
 * sees and may call only the tools of agents it may use through the REST API: its own, or all for an admin.
 */
final class AgentMcpTools {

    /** The key under which {@link McpEndpoint} puts the authenticated {@link User} in the transport context. */
    static final String USER = "bursar.user";
    static final int MAX_MESSAGE_CHARS = 4_000;
    private static final Map<String, Object> CHAT_SCHEMA = Map.of("type", "object",
            "properties", Map.of(
                    "message", Map.of("type", "string", "description", "what you say to the agent, in your own words (up to 4000 characters)"),
                    "conversation", Map.of("type", "string", "description", "a conversation id (1-64 letters, digits, '.', '_' or '-'); default: default")),
            "required", List.of("message"));

    private final AgentRegistry agents;
    private final ChatService chat;
    private final Duration chatTimeout;
    private final ObjectMapper json = new ObjectMapper();
    /** agent id → the running agent whose tools are registered, and their names. */
    private final Map<String, RunningAgent> registered = new HashMap<>();
    private final Map<String, List<String>> names = new HashMap<>();

    AgentMcpTools(AgentRegistry agents, ChatService chat, Duration chatTimeout) {
        this.agents = agents;
        this.chat = chat;
        this.chatTimeout = chatTimeout;
    }

    /** Adds the tools of new or replaced agents to {@code server} and removes those of deleted ones. */
    synchronized void sync(McpStatelessSyncServer server) {
        Map<String, RunningAgent> live = new LinkedHashMap<>();
        agents.all().forEach(a -> live.put(a.id(), a));
        for (String id : List.copyOf(registered.keySet())) {
            if (live.get(id) != registered.get(id)) {
                names.remove(id).forEach(server::removeTool);
                registered.remove(id);
            }
        }
        for (RunningAgent agent : live.values()) {
            if (registered.containsKey(agent.id())) {
                continue;
            }
            List<String> added = new ArrayList<>();
            server.addTool(chatTool(agent));
            added.add(agent.id() + ".chat");
            for (GrantedTool tool : agent.tools()) {
                if (tool.movesValue() || tool.plugin().startsWith("mcp-")) {
                    continue; // value moves only in a chat; an agent's external MCP tools stay its own
                }
                server.addTool(directTool(agent, tool));
                added.add(agent.id() + "." + tool.specification().name());
            }
            registered.put(agent.id(), agent);
            names.put(agent.id(), added);
        }
    }

    /** Whether the caller in {@code context} may see {@code tool}. */
    boolean visible(McpTransportContext context, McpSchema.Tool tool) {
        String name = tool.name();
        int dot = name.indexOf('.');
        return dot > 0 && agents.find(name.substring(0, dot)).map(a -> mayUse(user(context), a)).orElse(false);
    }

    private static boolean mayUse(User user, RunningAgent agent) {
        return user != null && (user.isAdmin() || agent.definition().owner().equals(user.id()));
    }

    private static User user(McpTransportContext context) {
        return context.get(USER) instanceof User u ? u : null;
    }

    private SyncToolSpecification chatTool(RunningAgent agent) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(agent.id() + ".chat").title("Chat with " + agent.definition().name())
                .description("One chat turn with the wallet agent '" + agent.definition().name() + "': ask about balances, payments,"
                        + " invoices or contracts. A payment happens only if your message asks for it (recipient and amount in your"
                        + " words) and the agent's policy allows it; some wait for your approval in Bursar.")
                .inputSchema(CHAT_SCHEMA).build();
        String id = agent.id();
        return SyncToolSpecification.builder().tool(tool).callHandler((context, request) -> chat(context, id, request)).build();
    }

    private CallToolResult chat(McpTransportContext context, String agentId, CallToolRequest request) {
        User user = user(context);
        RunningAgent agent = agents.find(agentId).filter(a -> mayUse(user, a)).orElse(null);
        if (agent == null) {
            return error("no tool " + agentId + ".chat");
        }
        Object message = request.arguments() == null ? null : request.arguments().get("message");
        if (!(message instanceof String text) || text.isBlank() || text.length() > MAX_MESSAGE_CHARS) {
            return error("message must be text of 1 to " + MAX_MESSAGE_CHARS + " characters; nothing was done");
        }
        Object conversation = request.arguments().getOrDefault("conversation", "default");
        if (!(conversation instanceof String c) || !c.matches("[A-Za-z0-9._-]{1,64}")) {
            return error("conversation must be 1-64 letters, digits, '.', '_' or '-'; nothing was done");
        }
        List<ChatEvent> events;
        try {
            events = chat.turn(agent, user.id() + ":" + c, text).collect().asList().await().atMost(chatTimeout);
        } catch (RuntimeException e) {
            return error("the agent did not answer (" + e.getMessage() + ")");
        }
        String reply = events.stream().filter(e -> e.type().equals("done")).map(ChatEvent::text).findFirst().orElse("");
        List<Map<String, Object>> tools = new ArrayList<>();
        List<Map<String, Object>> approvals = new ArrayList<>();
        String failure = null;
        for (ChatEvent e : events) {
            switch (e.type()) {
                case "tool" -> tools.add(Map.of("tool", e.tool(), "failed", Boolean.TRUE.equals(e.failed())));
                case "approval" -> approvals.add(Map.of("paymentId", e.paymentId(), "message", e.text() == null ? "" : e.text()));
                case "error" -> failure = e.text();
                default -> { }
            }
        }
        if (failure != null && reply.isEmpty()) {
            return error(failure);
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("reply", reply);
        structured.put("conversation", c);
        structured.put("tools", tools);
        structured.put("approvals", approvals);
        StringBuilder text2 = new StringBuilder(reply);
        approvals.forEach(a -> text2.append("\n(waiting for approval in Bursar: payment ").append(a.get("paymentId")).append(')'));
        return CallToolResult.builder().addTextContent(text2.toString()).structuredContent(structured).isError(false).build();
    }

    private SyncToolSpecification directTool(RunningAgent agent, GrantedTool granted) {
        Map<String, Object> schema = granted.specification().parameters() == null
                ? Map.of("type", "object", "properties", Map.of())
                : JsonSchemaElementJsonUtils.toMap(granted.specification().parameters());
        McpSchema.Tool tool = McpSchema.Tool.builder().name(agent.id() + "." + granted.specification().name())
                .description("[" + agent.definition().name() + "] " + granted.specification().description())
                .inputSchema(schema).build();
        String id = agent.id();
        return SyncToolSpecification.builder().tool(tool).callHandler((context, request) -> direct(context, id, granted, request)).build();
    }

    /**
     * Runs a tool that moves no value. Its memory id ({@code <user>#mcp-direct}) is one no chat can have ('#' is not
     * allowed in conversation ids), so no words a caller wrote elsewhere ground anything here.
     */
    private CallToolResult direct(McpTransportContext context, String agentId, GrantedTool granted, CallToolRequest request) {
        User user = user(context);
        RunningAgent agent = agents.find(agentId).filter(a -> mayUse(user, a)).orElse(null);
        if (agent == null) {
            return error("no tool " + agentId + "." + granted.specification().name());
        }
        String arguments;
        try {
            arguments = json.writeValueAsString(request.arguments() == null ? Map.of() : request.arguments());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return error("the arguments are not JSON");
        }
        String result = granted.executor().execute(ToolExecutionRequest.builder().id("mcp-" + UUID.randomUUID())
                .name(granted.specification().name()).arguments(arguments).build(), user.id() + "#mcp-direct");
        boolean failed = result != null && result.startsWith("error:");
        return CallToolResult.builder().addTextContent(result == null ? "" : result).isError(failed).build();
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
