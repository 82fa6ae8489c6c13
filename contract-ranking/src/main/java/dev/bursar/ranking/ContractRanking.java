package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.bursar.wallet.value.EvmAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reports with a bounded Caffeine cache keyed by (chain, address, code hash, implementations), and a ranking of many
 * candidates. A cached report stays valid until {@link #pollInvalidations()} sees an Upgraded, AdminChanged,
 * BeaconUpgraded, OwnershipTransferred, Paused or Unpaused log from the contract or one of its implementations, or its
 * time to live passes.
 */
public final class ContractRanking implements AutoCloseable {

    static final List<String> INVALIDATING_TOPICS = List.of(
            Abi.topic("Upgraded(address)"),
            Abi.topic("AdminChanged(address,address)"),
            Abi.topic("BeaconUpgraded(address)"),
            Abi.topic("OwnershipTransferred(address,address)"),
            Abi.topic("Paused(address)"),
            Abi.topic("Unpaused(address)"));

    /** The cache key: a report is only reused for the same code behind the same address. */
    public record Key(long chainId, String address, String codeHash, List<String> implementations) {
    }

    private final ContractScanner scanner;
    private final long chainId;
    private final Cache<Key, ContractReport> cache;
    private final Map<String, Key> latest = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private volatile long polledTo = -1;

    public ContractRanking(ContractScanner scanner, long chainId, long maxEntries, Duration timeToLive, int maxConcurrentScans) {
        this.scanner = scanner;
        this.chainId = chainId;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(timeToLive).recordStats()
                .removalListener((Key k, ContractReport v, com.github.benmanes.caffeine.cache.RemovalCause c) -> {
                    if (k != null) {
                        latest.remove(k.address(), k);
                    }
                })
                .build();
        this.pool = Executors.newFixedThreadPool(maxConcurrentScans, Thread.ofPlatform().daemon().name("contract-scan-", 0).factory());
    }

    public ContractRanking(ContractScanner scanner, long chainId) {
        this(scanner, chainId, 10_000, Duration.ofMinutes(10), 8);
    }

    /** The report for {@code address}: from the cache when its code has not changed since, else a fresh scan. */
    public ContractReport report(EvmAddress address) {
        Key key = latest.get(address.lowerCase());
        if (key != null) {
            ContractReport cached = cache.getIfPresent(key);
            if (cached != null) {
                return cached;
            }
        }
        if (polledTo < 0) {
            try {
                polledTo = scanner.node().blockNumber();
            } catch (NodeException e) {
                // the scan below reports the failure
            }
        }
        ContractReport report = scanner.scan(chainId, address);
        if (!report.has(FindingCode.NODE_UNAVAILABLE) && report.confidence() > 0) {
            Key k = new Key(chainId, address.lowerCase(), report.codeHash(),
                    report.implementations().stream().map(EvmAddress::lowerCase).toList());
            cache.put(k, report);
            latest.put(k.address(), k);
        }
        return report;
    }

    /** EIP-1967's implementation slot: where UUPS and transparent proxies keep the code they run. */
    static final String IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

    /**
     * The report a payment may rely on: {@link #report}, but a cached report is first checked against the contract's
     * EIP-1967 implementation slot (one RPC per guarded intent, none per cache lookup); a proxy upgraded since, or a
     * slot that cannot be read, means a fresh scan, so a report never speaks for code that changed.
     */
    public ContractReport reportForIntent(EvmAddress address) {
        Key key = latest.get(address.lowerCase());
        if (key != null && cache.getIfPresent(key) != null) {
            boolean stale;
            try {
                String slot = scanner.node().getStorageAt(key.address(), IMPLEMENTATION_SLOT, "latest");
                stale = Abi.addressFromWord(slot).filter(a -> !Abi.isZeroAddress(a))
                        .map(impl -> !key.implementations().contains(impl)).orElse(false);
            } catch (NodeException e) {
                stale = true;
            }
            if (stale) {
                cache.invalidate(key);
                latest.remove(key.address(), key);
            }
        }
        return report(address);
    }

    /**
     * Scores every candidate (at most maxConcurrentScans at once), drops BLOCKs, and orders the rest by score, best
     * first. A candidate that cannot be scanned is dropped like a BLOCK.
     */
    public List<ContractReport> rank(List<EvmAddress> candidates) {
        List<Future<ContractReport>> futures = new ArrayList<>();
        for (EvmAddress c : candidates) {
            futures.add(pool.submit(() -> report(c)));
        }
        List<ContractReport> out = new ArrayList<>();
        for (Future<ContractReport> f : futures) {
            try {
                ContractReport r = f.get();
                if (r.verdict() != Verdict.BLOCK) {
                    out.add(r);
                }
            } catch (ExecutionException e) {
                // a candidate that cannot be ranked is not a candidate
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RankingException("interrupted while ranking", e);
            }
        }
        out.sort(Comparator.comparingInt(ContractReport::score).reversed());
        return out;
    }

    /**
     * Reads the logs since the last poll and drops every cached report whose contract or implementation emitted an
     * upgrade, admin, ownership or pause event. Returns the addresses invalidated.
     */
    public Set<String> pollInvalidations() {
        long head = scanner.node().blockNumber();
        long from = polledTo < 0 ? head : polledTo + 1;
        Set<String> hit = new java.util.HashSet<>();
        if (from > head || latest.isEmpty()) {
            polledTo = head;
            return hit;
        }
        JsonNode logs = scanner.node().call("eth_getLogs", Map.of("fromBlock", NodeClient.hex(from), "toBlock", NodeClient.hex(head),
                "topics", List.of(INVALIDATING_TOPICS)));
        Set<String> emitters = new java.util.HashSet<>();
        for (JsonNode log : logs) {
            emitters.add(log.path("address").asText().toLowerCase(java.util.Locale.ROOT));
        }
        for (Key k : List.copyOf(latest.values())) {
            if (emitters.contains(k.address()) || k.implementations().stream().anyMatch(emitters::contains)) {
                cache.invalidate(k);
                latest.remove(k.address(), k);
                hit.add(k.address());
            }
        }
        polledTo = head;
        return hit;
    }

    public CacheStats stats() {
        return cache.stats();
    }

    public long cachedReports() {
        return cache.estimatedSize();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
