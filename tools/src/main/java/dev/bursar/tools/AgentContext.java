package dev.bursar.tools;

import dev.bursar.l402.client.L402Client;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;

import java.util.List;
import java.util.Optional;

/**
 * What a plugin may use to build an agent's tools: the agent's id, its guarded wallet (the only way to spend), the
 * assets its wallets hold, and its L402 client if it may pay for APIs.
 */
public record AgentContext(String agentId, GuardedWallet wallet, List<Asset> assets, Optional<L402Client> l402) {

    public AgentContext {
        assets = List.copyOf(assets);
    }
}
