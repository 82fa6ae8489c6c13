package dev.bursar.tools;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;

import java.util.Set;

/**
 * One tool an agent was granted, as {@link ToolGate} built it: its specification, the plugin it came from, the
 * permissions it needs and its gated executor (strict argument checks, errors as {@code error: ...}). The runtime uses
 * the permissions to decide where else it may be offered (over MCP, only tools that move no value).
 */
public record GrantedTool(ToolSpecification specification, String plugin, Set<Permission> permissions, ToolExecutor executor) {

    public GrantedTool {
        permissions = Set.copyOf(permissions);
    }

    /** Whether running it can move value: paying, hiring, or fetching for a price. */
    public boolean movesValue() {
        return permissions.contains(Permission.WALLET_SPEND) || permissions.contains(Permission.AGENTS_HIRE)
                || permissions.contains(Permission.PAID_FETCH);
    }
}
