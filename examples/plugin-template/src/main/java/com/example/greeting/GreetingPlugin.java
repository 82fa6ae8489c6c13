package com.example.greeting;

import dev.bursar.tools.AgentContext;
import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.BursarTool;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolCall;
import dev.bursar.wallet.InvalidInputException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.List;
import java.util.Set;

/**
 * A Bursar plugin with one tool. Replace the tool with yours: give it a specification the model reads, the permissions
 * it needs (declare each in {@link #permissions()}; an agent's definition grants them), and a body that returns text
 * for the model. To move money, use {@code context.wallet()} (granted {@code wallet:spend}): the payment still goes
 * through the agent's policy, the user's words and the journal. See docs/plugins.md.
 */
public final class GreetingPlugin implements BursarPlugin {

    /** The id agents enable it by ({@code plugins: {example-greeting: [example:greeting:use]}}). */
    public static final String ID = "example-greeting";
    /** This plugin's own permission, namespaced by its vendor. */
    public static final Permission USE = Permission.of("example:greeting:use");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Permission> permissions() {
        return Set.of(USE);
    }

    @Override
    public List<BursarTool> tools(AgentContext context) {
        String greeting = context.settings().getOrDefault("greeting", "Hello");
        ToolSpecification spec = ToolSpecification.builder()
                .name("greet")
                .description("Greets a person by name. Moves no money.")
                .parameters(JsonObjectSchema.builder().addStringProperty("name", "who to greet").required("name")
                        .additionalProperties(false).build())
                .build();
        return List.of(BursarTool.of(spec, Set.of(USE), call -> greet(context, greeting, call)));
    }

    private static String greet(AgentContext context, String greeting, ToolCall call) {
        String name = call.arguments().get("name").asText().strip();
        if (name.isEmpty() || name.length() > 100) {
            // a typed error reaches the model as "error: ..." and nothing else happens
            throw new InvalidInputException("name must be 1 to 100 characters");
        }
        return greeting + ", " + name + "! Agent " + context.agentId() + " at your service.";
    }
}
