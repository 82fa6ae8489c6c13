package dev.bursar.tools;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;

import java.util.Set;

/**
 * One tool an agent was granted, as {@link ToolGate} built it: its specification, the plugin it came from, the
 * permissions it needs, what its code can reach ({@code pluginGrants}: for Bursar's own plugins what the tool declares,
 * for any other plugin everything its plugin was granted, since its context holds those operations whatever the tool
 * declares) and its gated executor (strict argument checks, errors as {@code error: ...}). The runtime uses them to
 * decide where else it may be offered (over MCP, only tools that cannot move value).
 */
public record GrantedTool(ToolSpecification specification, String plugin, Set<Permission> permissions, Set<Permission> pluginGrants,
                          ToolExecutor executor) {

    public GrantedTool {
        permissions = Set.copyOf(permissions);
        pluginGrants = Set.copyOf(pluginGrants);
    }

    /**
     * Whether running it can move value or send a transaction: its plugin was granted paying, hiring, fetching for a
     * price or the owner's duties (each a transaction whose fee is paid). A tool's own
     * declaration is not enough: its code can use any operation of the context its plugin was given.
     */
    public boolean movesValue() {
        return pluginGrants.contains(Permission.WALLET_SPEND) || pluginGrants.contains(Permission.AGENTS_HIRE)
                || pluginGrants.contains(Permission.PAID_FETCH) || pluginGrants.contains(Permission.WALLET_DUTY)
                || permissions.contains(Permission.WALLET_DUTY) || permissions.contains(Permission.WALLET_SPEND)
                || permissions.contains(Permission.AGENTS_HIRE) || permissions.contains(Permission.PAID_FETCH);
    }
}
