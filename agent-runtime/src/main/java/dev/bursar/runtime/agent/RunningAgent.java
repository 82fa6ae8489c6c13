package dev.bursar.runtime.agent;

import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;

import java.util.List;
import java.util.Optional;

/**
 * A live agent: its definition, its AI service (model + memory + granted tools), its guarded wallet and, when it pays
 * for APIs, its paying HTTP client (whose blocked services a person may clear), its hirer when it may hire agents, and
 * the tools it was granted (the runtime's MCP server offers those that move no value).
 */
public record RunningAgent(AgentDefinition definition, AgentAssistant assistant, GuardedWallet wallet, List<Asset> assets,
                           Optional<PayingHttpClient> paidApis, Optional<dev.bursar.runtime.registry.OwnerHirer> hiring,
                           List<dev.bursar.tools.GrantedTool> tools) {

    public RunningAgent {
        paidApis = paidApis == null ? Optional.empty() : paidApis;
        hiring = hiring == null ? Optional.empty() : hiring;
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** A running agent that does not hire. */
    public RunningAgent(AgentDefinition definition, AgentAssistant assistant, GuardedWallet wallet, List<Asset> assets,
                        Optional<PayingHttpClient> paidApis) {
        this(definition, assistant, wallet, assets, paidApis, Optional.empty(), List.of());
    }

    public String id() {
        return definition.id();
    }
}
