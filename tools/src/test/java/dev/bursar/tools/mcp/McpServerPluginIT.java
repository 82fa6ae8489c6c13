package dev.bursar.tools.mcp;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.mcp.McpJsServer;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.ToolGate;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bursar's MCP client against the reference server of {@code @modelcontextprotocol/sdk} 1.32.2 (Streamable HTTP) on
 * loopback: only granted tools reach the gate, arguments are checked before the server sees them, results come back
 * labelled as data, and a wrong grant, a missing token or a dead server is a clear error.
 */
@WithDevnet({Component.EVM})
class McpServerPluginIT {

    private static McpServerSpec spec(URI endpoint, List<String> tools, Optional<String> token) {
        return new McpServerSpec("weather", endpoint, tools, token, Duration.ofSeconds(10));
    }

    private static Map<ToolSpecification, ToolExecutor> gate(McpServerPlugin plugin) {
        return new ToolGate("agent-1", Map.of(plugin.id(), Set.of(plugin.permission())), List.of())
                .executors(List.of(plugin), new AgentContext("agent-1", null, List.of(), Optional.empty()));
    }

    private static String call(Map<ToolSpecification, ToolExecutor> tools, String name, String args) {
        ToolExecutor tool = tools.entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst().orElseThrow().getValue();
        return tool.execute(ToolExecutionRequest.builder().id("t1").name(name).arguments(args).build(), "c1");
    }

    @Test
    void grantedToolsRunOnTheReferenceServerAndTheirResultsComeBackAsData(Devnet devnet) {
        try (McpJsServer server = McpJsServer.start(devnet, Optional.of("mcp-secret-7f3a"));
             McpServerPlugin plugin = McpServerPlugin.connect(spec(server.endpoint(), List.of("forecast"), Optional.of("mcp-secret-7f3a")))) {
            Map<ToolSpecification, ToolExecutor> tools = gate(plugin);
            assertThat(tools.keySet()).extracting(ToolSpecification::name).as("pay_hint was not granted").containsExactly("forecast");
            assertThat(tools.keySet().iterator().next().description()).startsWith("[external tool from MCP server weather;");

            assertThat(call(tools, "forecast", "{\"city\": \"Porto\"}")).isEqualTo("MCP weather/forecast returned: Forecast for Porto: sunny, 21 °C");
            assertThat(call(tools, "forecast", "{}")).as("checked before it leaves").startsWith("error:").contains("city");
            assertThat(call(tools, "forecast", "{\"city\": 7}")).startsWith("error:");
            assertThat(server.calls().findValues("tool")).extracting(n -> n.asText()).containsExactly("forecast");
            assertThat(server.calls().get(0).get("args").get("city").asText()).isEqualTo("Porto");
            assertThat(plugin.toString()).doesNotContain("mcp-secret-7f3a");
        }
    }

    @Test
    void aWrongGrantAMissingTokenOrADeadServerIsAClearError(Devnet devnet) {
        try (McpJsServer server = McpJsServer.start(devnet, Optional.of("mcp-secret-7f3a"))) {
            assertThatThrownBy(() -> McpServerPlugin.connect(spec(server.endpoint(), List.of("forecast", "launch_rockets"),
                    Optional.of("mcp-secret-7f3a")))).isInstanceOf(McpToolException.class)
                    .hasMessageContaining("offers no tool 'launch_rockets'").hasMessageContaining("forecast").hasMessageContaining("pay_hint");
            assertThatThrownBy(() -> McpServerPlugin.connect(spec(server.endpoint(), List.of("forecast"), Optional.empty())))
                    .isInstanceOf(McpToolException.class).hasMessageContaining("401").hasMessageContaining("token is right");
            assertThatThrownBy(() -> McpServerPlugin.connect(spec(server.endpoint(), List.of("forecast"), Optional.of("wrong-token"))))
                    .isInstanceOf(McpToolException.class).hasMessageNotContaining("wrong-token");
            assertThat(server.calls()).isEmpty();
        }
        assertThatThrownBy(() -> McpServerPlugin.connect(spec(URI.create("http://127.0.0.1:9/mcp"), List.of("forecast"), Optional.empty())))
                .isInstanceOf(McpToolException.class).hasMessageContaining("MCP server weather at http://127.0.0.1:9");
    }
}
