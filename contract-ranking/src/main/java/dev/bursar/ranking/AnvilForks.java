package dev.bursar.ranking;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Forks on demand with a local {@code anvil --fork-url} on loopback: one per upstream node, reused (reset to the
 * upstream's head before a simulation when the head moved), at most {@code maxForks} at a time (the least recently used
 * one is stopped), all stopped by {@link #close()}.
 */
public final class AnvilForks implements ForkLauncher {

    private static final System.Logger LOG = System.getLogger(AnvilForks.class.getName());

    private final Path anvil;
    private final int maxForks;
    private final Duration startTimeout;
    private final Map<String, Fork> forks = new LinkedHashMap<>(8, 0.75f, true);

    private record Fork(Process process, NodeClient node, long[] head) {
    }

    private AnvilForks(Builder b) {
        this.anvil = b.anvil;
        this.maxForks = b.maxForks;
        this.startTimeout = b.startTimeout;
    }

    public static Builder builder(Path anvilBinary) {
        return new Builder(anvilBinary);
    }

    @Override
    public synchronized NodeClient forkOf(NodeClient upstream, long chainId) {
        String url = upstream.url().toString();
        Fork fork = forks.get(url);
        long head = upstream.blockNumber();
        if (fork != null && fork.process().isAlive()) {
            if (fork.head()[0] != head) {
                fork.node().call("anvil_reset", Map.of("forking", Map.of("jsonRpcUrl", url, "blockNumber", head)));
                fork.head()[0] = head;
            }
            return fork.node();
        }
        if (fork != null) {
            forks.remove(url);
        }
        while (forks.size() >= maxForks) {
            String eldest = forks.keySet().iterator().next();
            stop(forks.remove(eldest));
        }
        fork = start(url, chainId, head);
        forks.put(url, fork);
        return fork.node();
    }

    private Fork start(String url, long chainId, long head) {
        if (!Files.isExecutable(anvil)) {
            throw new RankingException("fork mode needs anvil, and " + anvil + " is not an executable file");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(anvil.toString(), "--fork-url", url, "--fork-block-number", Long.toString(head),
                "--chain-id", Long.toString(chainId), "--host", "127.0.0.1", "--port", Integer.toString(port), "--quiet",
                "--no-rate-limit"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new RankingException("cannot start anvil for a fork of chain " + chainId + ": " + e.getMessage(), e);
        }
        NodeClient node = new NodeClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30), 16);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            try {
                node.chainId();
                break;
            } catch (NodeException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new RankingException("anvil forking chain " + chainId + " did not answer within " + startTimeout.toSeconds()
                            + " s" + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"), e);
                }
                sleep();
            }
        }
        LOG.log(System.Logger.Level.INFO, "forked chain {0} at block {1} on 127.0.0.1:{2}", Long.toString(chainId), Long.toString(head),
                Integer.toString(port));
        return new Fork(process, node, new long[] {head});
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RankingException("interrupted while starting a fork", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new RankingException("no free loopback port for a fork: " + e.getMessage(), e);
        }
    }

    private static void stop(Fork fork) {
        if (fork == null) {
            return;
        }
        fork.process().destroy();
        try {
            if (!fork.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                fork.process().destroyForcibly();
            }
        } catch (InterruptedException e) {
            fork.process().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The number of forks running now. */
    public synchronized int running() {
        return (int) forks.values().stream().filter(f -> f.process().isAlive()).count();
    }

    @Override
    public synchronized void close() {
        forks.values().forEach(AnvilForks::stop);
        forks.clear();
    }

    /** Configures the forks: the anvil binary is required. */
    public static final class Builder {
        private final Path anvil;
        private int maxForks = 2;
        private Duration startTimeout = Duration.ofSeconds(20);

        private Builder(Path anvil) {
            this.anvil = Objects.requireNonNull(anvil, "the anvil binary");
        }

        /** At most this many forks run at once (default 2). */
        public Builder maxForks(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one fork must be allowed");
            }
            this.maxForks = n;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public AnvilForks build() {
            return new AnvilForks(this);
        }
    }
}
