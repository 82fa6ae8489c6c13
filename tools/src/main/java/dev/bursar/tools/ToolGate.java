package dev.bursar.tools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.tools.plugin.PluginException;
import dev.bursar.wallet.WalletException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutor;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an agent's plugins into LangChain4j tool executors, keeping only the tools whose permissions the agent's
 * definition grants (the model never sees the others), giving each plugin only the guarded operations its grants allow
 * ({@link AgentContext#forPlugin}), and running each call through strict argument parsing and schema validation first. A failing call returns {@code error: <message>} to the model; nothing half-parsed runs.
 */
public final class ToolGate {

    private static final System.Logger LOG = System.getLogger(ToolGate.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Bursar's own plugins, whose tools are known to use only the operations they declare. */
    private static final Set<Class<?>> BUILT_IN = Set.of(dev.bursar.tools.wallet.WalletPlugin.class,
            dev.bursar.tools.contract.ContractPlugin.class, dev.bursar.tools.l402.PaidFetchPlugin.class,
            dev.bursar.tools.agents.HiringPlugin.class);

    private final String agentId;
    private final Map<String, Set<Permission>> grants;
    private final List<ToolCallListener> listeners;
    private final Map<String, Map<String, String>> settings;

    /**
     * @param grants plugin id → permissions this agent's definition grants to that plugin
     */
    public ToolGate(String agentId, Map<String, Set<Permission>> grants, List<ToolCallListener> listeners) {
        this(agentId, grants, listeners, Map.of());
    }

    /** @param settings plugin id → that plugin's settings from the agent's definition */
    public ToolGate(String agentId, Map<String, Set<Permission>> grants, List<ToolCallListener> listeners,
                    Map<String, Map<String, String>> settings) {
        this.agentId = agentId;
        this.grants = Map.copyOf(grants);
        this.listeners = List.copyOf(listeners);
        this.settings = Map.copyOf(settings);
    }

    /** The executors of every granted tool of {@code plugins}, built for {@code context}. */
    public Map<ToolSpecification, ToolExecutor> executors(List<BursarPlugin> plugins, AgentContext context) {
        Map<ToolSpecification, ToolExecutor> out = new LinkedHashMap<>();
        granted(plugins, context).forEach(t -> out.put(t.specification(), t.executor()));
        return out;
    }

    /** Every granted tool of {@code plugins}, built for {@code context}, with where it came from and what it needs. */
    public List<GrantedTool> granted(List<BursarPlugin> plugins, AgentContext context) {
        List<GrantedTool> out = new java.util.ArrayList<>();
        for (BursarPlugin plugin : plugins) {
            Set<Permission> granted = grants.getOrDefault(plugin.id(), Set.of());
            List<BursarTool> offered;
            try {
                offered = plugin.tools(context.forPlugin(plugin.id(), granted, settings.getOrDefault(plugin.id(), Map.of())));
            } catch (RuntimeException | LinkageError e) {
                throw new PluginException("plugin " + plugin.id() + " failed to build its tools for agent " + agentId + ": " + e, e);
            }
            for (BursarTool tool : offered) {
                ToolSpecification spec = tool.specification();
                if (spec.parameters() != null) {
                    ToolArgumentValidator.requireSupported(spec.name(), spec.parameters());
                }
                Set<Permission> undeclared = new HashSet<>(tool.permissions());
                undeclared.removeAll(plugin.permissions());
                if (!undeclared.isEmpty()) {
                    throw new PluginException("plugin " + plugin.id() + ": its tool " + spec.name() + " needs " + undeclared
                            + ", which the plugin does not declare in permissions(); declare every permission a tool needs");
                }
                Set<Permission> missing = new HashSet<>(tool.permissions());
                missing.removeAll(granted);
                if (!missing.isEmpty()) {
                    LOG.log(Level.DEBUG, "agent={0} tool={1} hidden: plugin {2} lacks {3}", agentId, spec.name(), plugin.id(), missing);
                    continue;
                }
                if (out.stream().anyMatch(t -> t.specification().name().equals(spec.name()))) {
                    throw new PluginException("two tools are named " + spec.name() + " for agent " + agentId + " (the second from plugin "
                            + plugin.id() + "); enable only one of them");
                }
                // Bursar's own plugins use exactly what each tool declares; another plugin's tool may use anything its plugin was granted
                Set<Permission> reach = BUILT_IN.contains(plugin.getClass()) ? tool.permissions() : granted;
                out.add(new GrantedTool(spec, plugin.id(), tool.permissions(), reach, (request, memoryId) -> run(tool, request, memoryId)));
            }
        }
        return out;
    }

    private String run(BursarTool tool, ToolExecutionRequest request, Object memoryId) {
        String conversation = memoryId == null ? "default" : memoryId.toString();
        ToolCall call = null;
        try {
            ObjectNode args = parse(tool.specification().name(), request.arguments());
            JsonObjectSchema schema = tool.specification().parameters();
            ToolArgumentValidator.validate(tool.specification().name(), schema, args);
            call = new ToolCall(request.id() == null ? "" : request.id(), tool.specification().name(), args, conversation);
            String result = tool.execute(call);
            notify(call, result, false);
            return result;
        } catch (WalletException e) {
            String result = "error: " + e.getMessage();
            notify(call != null ? call : new ToolCall(String.valueOf(request.id()), request.name(), JSON.createObjectNode(), conversation), result, true);
            return result;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.ERROR, "agent={0} tool={1} failed unexpectedly: {2}", agentId, tool.specification().name(), e.toString());
            String result = "error: the tool " + tool.specification().name() + " failed unexpectedly; nothing was changed by this call";
            notify(call != null ? call : new ToolCall(String.valueOf(request.id()), request.name(), JSON.createObjectNode(), conversation), result, true);
            return result;
        }
    }

    private static ObjectNode parse(String tool, String arguments) {
        String text = arguments == null || arguments.isBlank() ? "{}" : arguments;
        try {
            JsonNode node = JSON.readTree(text);
            if (!(node instanceof ObjectNode object)) {
                throw new dev.bursar.wallet.InvalidInputException("tool " + tool + ": arguments must be a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new dev.bursar.wallet.InvalidInputException("tool " + tool + ": arguments are not valid JSON ("
                    + e.getOriginalMessage() + ")");
        }
    }

    private void notify(ToolCall call, String result, boolean failed) {
        for (ToolCallListener l : listeners) {
            try {
                l.completed(agentId, call, result, failed);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "tool call listener failed: {0}", e.getMessage());
            }
        }
    }
}
