package dev.bursar.runtime.agent;

import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;

import java.util.List;

/**
 * A live agent: its definition, its AI service (model + memory + granted tools) and its guarded wallet.
 */
public record RunningAgent(AgentDefinition definition, AgentAssistant assistant, GuardedWallet wallet, List<Asset> assets) {

    public String id() {
        return definition.id();
    }
}
