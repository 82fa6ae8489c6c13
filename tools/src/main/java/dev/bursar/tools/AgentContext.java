package dev.bursar.tools;

import dev.bursar.ranking.ContractRanking;
import dev.bursar.wallet.Asset;

import java.util.List;
import java.util.Optional;

/**
 * What a plugin may use to build an agent's tools: the agent's id, its wallet's guarded operations (the only way to
 * spend; never a raw wallet or a key), the assets its wallets hold, its paying HTTP client if it may pay for APIs, and
 * the contract ranking of its EVM chain if it has one, and its hirer if it may hire other agents.
 */
public record AgentContext(String agentId, AgentWallet wallet, List<Asset> assets, Optional<PaidFetcher> paidFetch,
                           Optional<ContractRanking> contracts, Optional<AgentHirer> hiring) {

    public AgentContext {
        assets = List.copyOf(assets);
        paidFetch = paidFetch == null ? Optional.empty() : paidFetch;
        contracts = contracts == null ? Optional.empty() : contracts;
        hiring = hiring == null ? Optional.empty() : hiring;
    }

    /** A context without hiring. */
    public AgentContext(String agentId, AgentWallet wallet, List<Asset> assets, Optional<PaidFetcher> paidFetch,
                        Optional<ContractRanking> contracts) {
        this(agentId, wallet, assets, paidFetch, contracts, Optional.empty());
    }

    /** A context without a contract ranking. */
    public AgentContext(String agentId, AgentWallet wallet, List<Asset> assets, Optional<PaidFetcher> paidFetch) {
        this(agentId, wallet, assets, paidFetch, Optional.empty());
    }
}
