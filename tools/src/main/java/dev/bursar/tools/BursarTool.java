package dev.bursar.tools;

import dev.langchain4j.agent.tool.ToolSpecification;

import java.util.Set;

/**
 * A capability offered to an agent's model: its specification (name, description, JSON schema of the arguments), the
 * permissions it needs, and its execution. Results are plain text or JSON for the model and never carry secrets.
 */
public interface BursarTool {

    ToolSpecification specification();

    Set<Permission> permissions();

    /**
     * Runs the call. Throw {@link dev.bursar.wallet.InvalidInputException} (or another
     * {@link dev.bursar.wallet.WalletException}) for anything the model should see as an error message.
     */
    String execute(ToolCall call);

    /** A tool made of its specification, the permissions it needs and a function of the validated call. */
    static BursarTool of(ToolSpecification specification, Set<Permission> permissions,
                         java.util.function.Function<ToolCall, String> body) {
        Set<Permission> needed = Set.copyOf(permissions);
        return new BursarTool() {
            @Override
            public ToolSpecification specification() {
                return specification;
            }

            @Override
            public Set<Permission> permissions() {
                return needed;
            }

            @Override
            public String execute(ToolCall call) {
                return body.apply(call);
            }
        };
    }
}
