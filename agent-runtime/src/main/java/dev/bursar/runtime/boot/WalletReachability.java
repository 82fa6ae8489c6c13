package dev.bursar.runtime.boot;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.WalletException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Whether every agent's chain node and LND node answer, probed at most once per {@link #DEFAULT_TTL} however often
 * {@code /q/health} is asked: a request gets the last probe's result, and a stale result starts one background probe
 * (never more than one at a time). Only the very first request waits for a probe, and at most
 * {@link #FIRST_PROBE_WAIT}. The per-agent detail is for the authenticated admin endpoint only.
 */
@Singleton
public class WalletReachability {

    /** How long one probe's result is served before the next probe runs. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);

    /** How long the first health request waits for the first probe before it answers DOWN (not checked yet). */
    static final Duration FIRST_PROBE_WAIT = Duration.ofSeconds(5);

    /**
     * One probe: when it ran, whether every wallet answered, and per {@code agent:asset} {@code "reachable"} or the
     * wallet's typed error message (which, like every wallet message, holds no secret).
     */
    public record Snapshot(Instant checkedAt, boolean up, Map<String, String> detail) {
        public Snapshot {
            detail = Map.copyOf(detail);
        }
    }

    private final Supplier<Map<String, Runnable>> probes;
    private final Duration ttl;
    private final Clock clock;
    private final Executor executor;
    private final AtomicReference<CompletableFuture<Snapshot>> inFlight = new AtomicReference<>();
    private volatile Snapshot last;

    @Inject
    WalletReachability(AgentRegistry registry) {
        this(() -> balanceQueries(registry.all()), DEFAULT_TTL, Clock.systemUTC(),
                r -> Thread.ofVirtual().name("wallet-reachability").start(r));
    }

    /**
     * @param probes   per {@code agent:asset}, a call that fails with a {@link WalletException} if the node is unreachable
     * @param executor runs each probe (in the background, so that no health request waits for a node)
     */
    WalletReachability(Supplier<Map<String, Runnable>> probes, Duration ttl, Clock clock, Executor executor) {
        this.probes = probes;
        this.ttl = ttl;
        this.clock = clock;
        this.executor = executor;
    }

    /** The latest probe, starting a new one in the background if it is older than the TTL. */
    public Snapshot current() {
        Snapshot s = last;
        if (s != null && Duration.between(s.checkedAt(), clock.instant()).compareTo(ttl) < 0) {
            return s;
        }
        CompletableFuture<Snapshot> probe = refresh();
        if (s != null) {
            return s;
        }
        try {
            return probe.get(FIRST_PROBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // answered below
        }
        return new Snapshot(clock.instant(), false, Map.of("wallets", "not checked yet; the first probe is still running"));
    }

    private CompletableFuture<Snapshot> refresh() {
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> {
                try {
                    Snapshot s = probe();
                    last = s;
                    mine.complete(s);
                } catch (Throwable t) {
                    mine.completeExceptionally(t);
                } finally {
                    inFlight.compareAndSet(mine, null);
                }
            });
        } catch (RuntimeException e) {
            inFlight.compareAndSet(mine, null);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** One balance query per agent and native asset (tokens live on their chain's node, which the coin checks). */
    static Map<String, Runnable> balanceQueries(Collection<RunningAgent> agents) {
        Map<String, Runnable> out = new LinkedHashMap<>();
        for (RunningAgent agent : agents) {
            for (Asset asset : agent.assets()) {
                if (!(asset instanceof Asset.Erc20Token)) {
                    out.put(agent.id() + ":" + asset.id(), () -> agent.wallet().balance(asset));
                }
            }
        }
        return out;
    }

    private Snapshot probe() {
        boolean up = true;
        Map<String, String> detail = new LinkedHashMap<>();
        for (Map.Entry<String, Runnable> p : probes.get().entrySet()) {
            try {
                p.getValue().run();
                detail.put(p.getKey(), "reachable");
            } catch (WalletException e) {
                up = false;
                detail.put(p.getKey(), e.getMessage());
            } catch (RuntimeException e) {
                up = false;
                detail.put(p.getKey(), "failed: " + e.getClass().getSimpleName());
            }
        }
        return new Snapshot(clock.instant(), up, detail);
    }
}
