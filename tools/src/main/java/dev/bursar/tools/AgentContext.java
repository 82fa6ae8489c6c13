package dev.bursar.tools;

import dev.bursar.ranking.ContractRanking;
import dev.bursar.wallet.Asset;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a plugin may use to build an agent's tools: the agent's id, its wallet's guarded operations (the only way to
 * spend; never a raw wallet or a key), the assets its wallets hold, its paying HTTP client if it may pay for APIs, the
 * contract ranking and a read-only view of its EVM chain if it has one, its hirer if it may hire other agents, the calls
 * its owner declared as its duties, and the plugin's own settings from the agent's definition. Each plugin receives the context {@link #forPlugin} made for it:
 * only what its grants allow.
 */
public record AgentContext(String agentId, AgentWallet wallet, List<Asset> assets, Optional<PaidFetcher> paidFetch,
                           Optional<ContractRanking> contracts, Optional<AgentHirer> hiring, Optional<EvmChain> chain,
                           Map<String, String> settings, Optional<OwnerDuties> duties) {

    public AgentContext {
        duties = duties == null ? Optional.empty() : duties;
        assets = List.copyOf(assets);
        paidFetch = paidFetch == null ? Optional.empty() : paidFetch;
        contracts = contracts == null ? Optional.empty() : contracts;
        hiring = hiring == null ? Optional.empty() : hiring;
        chain = chain == null ? Optional.empty() : chain;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A context without owner duties. */
    public AgentContext(String agentId, AgentWallet wallet, List<Asset> assets, Optional<PaidFetcher> paidFetch,
                        Optional<ContractRanking> contracts, Optional<AgentHirer> hiring, Optional<EvmChain> chain,
                        Map<String, String> settings) {
        this(agentId, wallet, assets, paidFetch, contracts, hiring, chain, settings, Optional.empty());
    }

    /** A context without a chain view or settings. */
    public AgentContext(String agentId, AgentWallet wallet, List<Asset> assets, Optional<PaidFetcher> paidFetch,
                        Optional<ContractRanking> contracts, Optional<AgentHirer> hiring) {
        this(agentId, wallet, assets, paidFetch, contracts, hiring, Optional.empty(), Map.of());
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

    /**
     * The context {@code plugin} gets: its wallet view limited to its grants, the paying client only with
     * {@code net:paid-fetch}, the contract ranking only with {@code contract:read}, the chain only with
     * {@code wallet:chain-read}, the hirer only with {@code agents:find} or {@code agents:hire}, the owner's duties only
     * with {@code wallet:duty}, and its own settings.
     */
    public AgentContext forPlugin(String plugin, Set<Permission> granted, Map<String, String> pluginSettings) {
        boolean hires = granted.contains(Permission.AGENTS_FIND) || granted.contains(Permission.AGENTS_HIRE);
        return new AgentContext(agentId, wallet == null ? null : wallet.limitedTo(plugin, granted), assets,
                granted.contains(Permission.PAID_FETCH) ? paidFetch : Optional.empty(),
                granted.contains(Permission.CONTRACT_READ) ? contracts : Optional.empty(),
                hires ? hiring.map(h -> h.limitedTo(plugin, granted)) : Optional.empty(),
                granted.contains(Permission.CHAIN_READ) ? chain : Optional.empty(), pluginSettings,
                granted.contains(Permission.WALLET_DUTY) ? duties.map(d -> d.forPlugin(plugin)) : Optional.empty());
    }
}
