package dev.bursar.tools;

import dev.bursar.l402.client.L402Client;
import dev.bursar.ranking.ContractRanking;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;

import java.util.List;
import java.util.Optional;

/**
 * What a plugin may use to build an agent's tools: the agent's id, its guarded wallet (the only way to spend), the
 * assets its wallets hold, its L402 client if it may pay for APIs, and the contract ranking of its EVM chain if it has one.
 */
public record AgentContext(String agentId, GuardedWallet wallet, List<Asset> assets, Optional<L402Client> l402,
                           Optional<ContractRanking> contracts) {

    public AgentContext {
        assets = List.copyOf(assets);
        l402 = l402 == null ? Optional.empty() : l402;
        contracts = contracts == null ? Optional.empty() : contracts;
    }

    /** A context without a contract ranking. */
    public AgentContext(String agentId, GuardedWallet wallet, List<Asset> assets, Optional<L402Client> l402) {
        this(agentId, wallet, assets, l402, Optional.empty());
    }
}
