package com.example.greeting;

import dev.bursar.tools.AgentContext;
import dev.bursar.tools.ToolGate;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The plugin's tool as the runtime runs it: through a ToolGate, with the agent's grants and the plugin's settings. */
class GreetingPluginTest {

    private static String call(Set<dev.bursar.tools.Permission> granted, String arguments) {
        Map<ToolSpecification, ToolExecutor> tools = new ToolGate("agent-1", Map.of(GreetingPlugin.ID, granted), List.of(),
                Map.of(GreetingPlugin.ID, Map.of("greeting", "Olá")))
                .executors(List.of(new GreetingPlugin()), new AgentContext("agent-1", null, List.of(), Optional.empty()));
        if (tools.isEmpty()) {
            return "<no tools>";
        }
        return tools.values().iterator().next()
                .execute(ToolExecutionRequest.builder().id("1").name("greet").arguments(arguments).build(), "conversation-1");
    }

    @Test
    void greetsWithTheConfiguredGreeting() {
        assertThat(call(Set.of(GreetingPlugin.USE), "{\"name\": \"Ada\"}")).isEqualTo("Olá, Ada! Agent agent-1 at your service.");
    }

    @Test
    void badArgumentsAreAClearErrorForTheModel() {
        assertThat(call(Set.of(GreetingPlugin.USE), "{\"name\": \"\"}")).isEqualTo("error: name must be 1 to 100 characters");
        assertThat(call(Set.of(GreetingPlugin.USE), "{}")).startsWith("error:").contains("name");
    }

    @Test
    void withoutItsGrantTheModelNeverSeesTheTool() {
        assertThat(call(Set.of(), "{\"name\": \"Ada\"}")).isEqualTo("<no tools>");
    }
}
