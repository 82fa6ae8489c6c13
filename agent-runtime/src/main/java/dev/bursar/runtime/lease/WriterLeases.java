package dev.bursar.runtime.lease;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.store.JdbcAgentLeases;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.WalletException;
import dev.bursar.wallet.journal.SpendLedger;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Decides which runtime instance drives each agent: this one when it holds (or can take) the agent's writer lease,
 * else the holder, to which the agent's requests are forwarded. Taking an agent over from another instance rebuilds it
 * from the store, re-reads the journal and reconciles its open payments with the chain or node before it serves
 * anything. Held leases are renewed in the background every third of their time to live, and released on close.
 */
public final class WriterLeases implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WriterLeases.class);

    private final JdbcAgentLeases leases;
    private final AgentRegistry agents;
    private final SpendLedger ledger;
    private final String url;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Object takeovers = new Object();
    private final ScheduledExecutorService renewer;
    private final ScheduledExecutorService adopter;

    /** Where an agent's request is served. */
    public sealed interface Route {
        /** Here: this instance holds the agent's lease. */
        record Local() implements Route {
        }

        /** At the instance that holds the lease. */
        record Forward(String holderUrl) implements Route {
        }

        /** Nowhere yet: the lease belongs to a previous process at this address; retry after it expires. */
        record Busy(Duration retryAfter) implements Route {
        }
    }

    /** A lease this instance holds; {@code ready} once the agent was taken over (renewed meanwhile, not yet served). */
    private record Held(long fence, long validUntilNanos, boolean ready) {
    }

    /**
     * @param url this instance's URL as other instances reach it (a lease held under it by a dead earlier process is
     *            waited out, not forwarded to)
     */
    public WriterLeases(JdbcAgentLeases leases, AgentRegistry agents, SpendLedger ledger, String url) {
        this.leases = leases;
        this.agents = agents;
        this.ledger = ledger;
        this.url = url;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bursar-lease-renewer");
            t.setDaemon(true);
            return t;
        });
        this.adopter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bursar-lease-adopter");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, leases.ttl().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the free leases of the agents built here (created through the API since the start, or left by an instance
     * that died), so that work which does not arrive as a request about the agent (A2A jobs, MCP calls, hires in the
     * background) finds its agent driven, and a dead instance's open payments are reconciled without waiting for a
     * request. On its own thread: a take-over may wait on the chain, and renewals must not wait for it.
     */
    private void adoptFree() {
        for (RunningAgent agent : agents.all()) {
            if (held.containsKey(agent.id())) {
                continue;
            }
            try {
                route(agent.id());
            } catch (RuntimeException e) {
                LOG.warnf("lease agent=%s: cannot take the free lease (%s); retried", agent.id(), e.getMessage());
            }
        }
    }

    /** Whether {@code agentId} names an agent (built here or stored): leases are only taken for those. */
    public boolean knows(String agentId) {
        return agentId.length() <= 200 && agents.exists(agentId);
    }

    /** Whether this instance holds the agent's lease now, by what it last heard from the database (no query). */
    public boolean holdsLocally(String agentId) {
        Held h = held.get(agentId);
        return h != null && h.ready && System.nanoTime() < h.validUntilNanos;
    }

    /**
     * Where requests for {@code agentId} go; takes the lease when it is free or expired, and then takes the agent over
     * before answering {@link Route.Local}.
     */
    public Route route(String agentId) {
        if (holdsLocally(agentId)) {
            return new Route.Local();
        }
        synchronized (locks.computeIfAbsent(agentId, k -> new Object())) {
            Held before = held.get(agentId);
            if (before != null && before.ready && System.nanoTime() < before.validUntilNanos) {
                return new Route.Local();
            }
            long askedAt = System.nanoTime();
            JdbcAgentLeases.Lease lease = leases.acquire(agentId);
            if (!lease.mine()) {
                held.remove(agentId);
                return lease.holderUrl().equals(url) ? new Route.Busy(leases.ttl()) : new Route.Forward(lease.holderUrl());
            }
            // fence 1 under this instance: no other instance ever drove the agent, and the one built here is current
            boolean firstEver = before == null && lease.fence() == 1 && agents.find(agentId).isPresent();
            boolean takeOver = !firstEver && (before == null || before.fence != lease.fence() || !before.ready);
            held.put(agentId, new Held(lease.fence(), validUntil(askedAt), !takeOver));
            if (takeOver) {
                try {
                    takeOver(agentId, lease.fence());
                } catch (RuntimeException e) {
                    held.remove(agentId);
                    throw e;
                }
                held.computeIfPresent(agentId, (k, h) -> h.fence == lease.fence() ? new Held(h.fence, h.validUntilNanos, true) : h);
            }
            return new Route.Local();
        }
    }

    /**
     * Takes the leases of the agents built at start where free, and reconciles their open payments; the agents other
     * instances hold are left to them. Then starts taking free leases in the background (call once).
     */
    public void startDriving(List<RunningAgent> built) {
        ledger.refresh(); // what other instances recorded since this one opened the journal
        for (RunningAgent agent : built) {
            synchronized (locks.computeIfAbsent(agent.id(), k -> new Object())) {
                try {
                    long askedAt = System.nanoTime();
                    JdbcAgentLeases.Lease lease = leases.acquire(agent.id());
                    if (!lease.mine()) {
                        LOG.infof("lease agent=%s holder=%s: driven by that instance", agent.id(), lease.holder());
                        continue;
                    }
                    held.put(agent.id(), new Held(lease.fence(), validUntil(askedAt), false));
                    if (lease.fence() > 1) {
                        ledger.refresh(); // another instance drove it, maybe until just now (a rolling restart)
                    }
                    reconcile(agent);
                    held.computeIfPresent(agent.id(), (k, h) -> h.fence == lease.fence() ? new Held(h.fence, h.validUntilNanos, true) : h);
                } catch (RuntimeException e) {
                    held.remove(agent.id());
                    LOG.warnf("lease agent=%s: not taken at start (%s); it will be taken on its first request", agent.id(), e.getMessage());
                }
            }
        }
        // only now: a take-over while the start still builds and reconciles agents would decrypt keystores side by side
        long period = Math.max(50, leases.ttl().toMillis() / 3);
        adopter.scheduleWithFixedDelay(this::adoptFree, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * One take-over at a time: each decrypts the agent's keystore again (scrypt takes about 256 MB and a second of
     * CPU), and a dead instance's agents all move at once.
     */
    private void takeOver(String agentId, long fence) {
        synchronized (takeovers) {
            LOG.infof("lease agent=%s fence=%d: taking the agent over", agentId, fence);
            ledger.refresh();
            agents.reload(agentId).ifPresent(WriterLeases::reconcile);
        }
    }

    private static void reconcile(RunningAgent agent) {
        try {
            List<SpendResult> resolved = agent.wallet().reconcile();
            if (!resolved.isEmpty()) {
                LOG.infof("reconcile agent=%s resolved=%d", agent.id(), resolved.size());
            }
        } catch (WalletException e) {
            LOG.warnf("reconcile agent=%s failed: %s (retried when the agent is next taken over or restarted)", agent.id(), e.getMessage());
        }
    }

    private void renewAll() {
        for (Map.Entry<String, Held> e : held.entrySet()) {
            long askedAt = System.nanoTime();
            try {
                if (leases.renew(e.getKey(), e.getValue().fence())) {
                    held.computeIfPresent(e.getKey(), (k, h) -> h.fence == e.getValue().fence ? new Held(h.fence, validUntil(askedAt), h.ready) : h);
                } else {
                    LOG.warnf("lease agent=%s fence=%d: lost to another instance", e.getKey(), e.getValue().fence());
                    held.remove(e.getKey(), e.getValue());
                }
            } catch (RuntimeException ex) {
                LOG.warnf("lease agent=%s: renewal failed (%s); the lease lapses unless a later renewal succeeds", e.getKey(), ex.getMessage());
            }
        }
    }

    /** Two thirds of the lease's time to live from when it was asked for: this instance stops first. */
    private long validUntil(long askedAtNanos) {
        return askedAtNanos + leases.ttl().toNanos() * 2 / 3;
    }

    /** Stops renewing and releases every lease held, so other instances take the agents over at once. */
    @Override
    public void close() {
        renewer.shutdownNow();
        adopter.shutdownNow();
        for (Map.Entry<String, Held> e : held.entrySet()) {
            try {
                leases.release(e.getKey(), e.getValue().fence());
            } catch (RuntimeException ex) {
                LOG.warnf("lease agent=%s: release failed (%s); it lapses by itself", e.getKey(), ex.getMessage());
            }
        }
        held.clear();
    }
}
