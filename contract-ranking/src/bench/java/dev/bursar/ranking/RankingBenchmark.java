package dev.bursar.ranking;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.wallet.value.EvmAddress;
import org.openjdk.jmh.annotations.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Cold report per contract on anvil (no feeds; MiniPair simulation, and the Uniswap V2 router path), warm cache lookups, and ranking 1,000 contracts with bounded RPC
 * concurrency against replaying the same RPC calls alone. Run: mvn -Pbench -pl contract-ranking package -DskipTests
 */
@State(Scope.Benchmark)
@Fork(1)
public class RankingBenchmark {

    static final int CANDIDATES = 1000;
    static final int CONCURRENCY = 8;

    Devnet devnet;
    Chain chain;
    NodeClient node;
    ContractScanner scanner;
    ContractScanner routerScanner;
    EvmAddress dusd;
    ContractRanking warm;
    EvmAddress token;
    List<EvmAddress> candidates = new ArrayList<>();

    @Setup(Level.Trial)
    public void setup() {
        devnet = Devnet.builder().build().ensure(Component.EVM);
        chain = new Chain(devnet);
        node = new NodeClient(devnet.evm().rpcUrl(), Duration.ofSeconds(10), 16);
        token = EvmAddress.of(chain.tokenWithPair("BenignToken"));
        scanner = ContractScanner.builder(node).pairs(chain.pairLocator()).build();
        routerScanner = ContractScanner.builder(node).market(new UniswapV2Market(chain.chainId,
                EvmAddress.of(devnet.contracts().get("UniswapV2Factory")), EvmAddress.of(devnet.contracts().get("UniswapV2Router02")),
                EvmAddress.of(devnet.contracts().get("WETH9")))).build();
        dusd = EvmAddress.of(devnet.contracts().get("DevToken"));
        warm = new ContractRanking(scanner, chain.chainId);
        warm.report(token);
        for (int i = 0; i < CANDIDATES; i++) {
            candidates.add(EvmAddress.of(chain.deploy(i % 2 == 0 ? "BenignToken" : "OwnerMintable", "")));
        }
        long before = node.callCount();
        scanner.scan(chain.chainId, token);
        System.out.println("\n[bench] RPC calls per cold report (token with pair, simulation on): " + (node.callCount() - before));
        before = node.callCount();
        scanner.scan(chain.chainId, candidates.get(0));
        System.out.println("[bench] RPC calls per cold report (token without pair): " + (node.callCount() - before));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        warm.close();
        devnet.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ContractReport coldReport() {
        return scanner.scan(chain.chainId, token);
    }

    /** The same cold report for the devnet's dUSD, bought and sold through the real Uniswap V2 router and pool. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ContractReport coldReportThroughUniswapV2Router() {
        return routerScanner.scan(chain.chainId, dusd);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ContractReport warmLookup() {
        return warm.report(token);
    }

    /** Ranks 1,000 fresh contracts (new cache each time), then replays its recorded RPC calls alone; prints the ratio. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public List<ContractReport> rank1000() throws Exception {
        node.startRecording();
        long t0 = System.nanoTime();
        List<ContractReport> ranked;
        try (ContractRanking ranking = new ContractRanking(scanner, chain.chainId, 10_000, Duration.ofMinutes(5), CONCURRENCY)) {
            ranked = ranking.rank(candidates);
        }
        long rankNanos = System.nanoTime() - t0;
        List<NodeClient.Call> calls = node.stopRecording();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        long t1 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (NodeClient.Call c : calls) {
            fs.add(pool.submit(() -> {
                try {
                    node.call(c.method(), c.params().toArray());
                } catch (NodeException e) {
                    // a revert answered is still a call made
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        long rawNanos = System.nanoTime() - t1;
        pool.shutdown();
        System.out.printf("%n[bench] ranked %d contracts (%d kept) in %d ms with %d RPC calls; raw calls alone %d ms; ratio %.2f%n",
                candidates.size(), ranked.size(), rankNanos / 1_000_000, calls.size(), rawNanos / 1_000_000, (double) rankNanos / rawNanos);
        return ranked;
    }
}
