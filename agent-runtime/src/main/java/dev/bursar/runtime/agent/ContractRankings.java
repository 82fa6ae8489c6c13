package dev.bursar.runtime.agent;

import dev.bursar.ranking.AnvilForks;
import dev.bursar.ranking.ContractRanking;
import dev.bursar.ranking.ContractScanner;
import dev.bursar.ranking.NodeClient;
import dev.bursar.ranking.UniswapV2Market;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One {@link ContractRanking} per EVM node and chain, shared by the agents on it (scans on that node's RPC, no external
 * feeds, buys and sells simulated on the chain's configured Uniswap V2 markets), with upgrade, ownership and pause events polled in the background so a cached report goes stale quickly.
 */
final class ContractRankings implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ContractRankings.class.getName());

    private final Map<String, ContractRanking> byNode = new ConcurrentHashMap<>();
    private final Duration pollEvery;
    private final List<UniswapV2Market> markets;
    private final AnvilForks forks;
    private ScheduledExecutorService poller;

    /** @param forkAnvil an anvil binary for fork mode on nodes that are not anvil; empty: no fork mode */
    ContractRankings(Duration pollEvery, List<UniswapV2Market> markets, java.util.Optional<java.nio.file.Path> forkAnvil) {
        this.pollEvery = pollEvery;
        this.markets = List.copyOf(markets);
        this.forks = forkAnvil.map(p -> AnvilForks.builder(p).maxForks(2).build()).orElse(null);
    }

    /** The ranking for {@code chainId} as served by the node at {@code rpcUrl}; one per (node, chain). */
    ContractRanking of(String rpcUrl, long chainId) {
        ContractRanking ranking = byNode.computeIfAbsent(chainId + " " + rpcUrl, k -> {
            ContractScanner.Builder scanner = ContractScanner.builder(NodeClient.of(URI.create(rpcUrl)));
            markets.stream().filter(m -> m.chainId() == chainId).forEach(scanner::market);
            if (forks != null) {
                scanner.forks(forks);
            }
            return new ContractRanking(scanner.build(), chainId);
        });
        startPolling();
        return ranking;
    }

    /** A ranking already serving {@code chainId} (an agent on that chain scores contracts), if any. */
    java.util.Optional<ContractRanking> forChain(long chainId) {
        return byNode.entrySet().stream().filter(e -> e.getKey().startsWith(chainId + " ")).map(Map.Entry::getValue).findFirst();
    }

    private synchronized void startPolling() {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("contract-events").factory());
            poller.scheduleWithFixedDelay(this::poll, pollEvery.toMillis(), pollEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        for (ContractRanking ranking : byNode.values()) {
            try {
                ranking.pollInvalidations();
            } catch (RuntimeException e) {
                // the next poll retries; cached reports still expire by their time to live
                LOG.log(Level.DEBUG, "polling contract events failed: {0}", e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        byNode.values().forEach(ContractRanking::close);
        byNode.clear();
        if (forks != null) {
            forks.close();
        }
    }
}
