package dev.bursar.devnet;

import dev.bursar.devnet.evm.AnvilNode;
import dev.bursar.devnet.evm.DevContracts;
import dev.bursar.devnet.evm.UniswapV2;
import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.DirectoryTree;
import dev.bursar.devnet.install.FileDigest;
import dev.bursar.devnet.install.GoBinaries;
import dev.bursar.devnet.install.NpmTools;
import dev.bursar.devnet.lightning.LightningNetwork;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.devnet.model.DefaultModel;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A running local stack of real peers on 127.0.0.1: anvil, btcd with lnd nodes alice and bob, and the default model.
 * Components start on demand ({@link #ensure}); {@link #close()} stops every process it started.
 */
public final class Devnet implements AutoCloseable {

    private final BursarCache cache;
    private final Path workDir;
    private final long chainId;
    private final int blockTimeSeconds;
    private final PrintStream progress;
    private final ProcessSupervisor supervisor;
    private final boolean ownsWorkDir;
    private AnvilNode anvil;
    private NpmTools npm;
    private Map<String, String> contracts = Map.of();
    private LightningNetwork lightning;
    private Path model;

    private Devnet(Builder builder, Path workDir, boolean ownsWorkDir) {
        this.cache = builder.cache;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.chainId = builder.chainId;
        this.blockTimeSeconds = builder.blockTimeSeconds;
        this.progress = builder.progress;
        this.supervisor = new ProcessSupervisor(workDir.resolve("logs"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Installs and starts whichever of {@code components} is not running yet; safe to call from several threads. */
    public synchronized Devnet ensure(Set<Component> components) {
        try {
            if (components.contains(Component.MODEL) && model == null) {
                model = DefaultModel.ensure(cache, progress);
            }
            if (components.contains(Component.EVM) && anvil == null) {
                npm = NpmTools.ensure(cache, progress);
                anvil = AnvilNode.start(supervisor, npm.anvil(), dir("anvil"), chainId, blockTimeSeconds, 10);
                Map<String, String> deployed = new java.util.LinkedHashMap<>(DevContracts.deploy(anvil.rpc(), anvil.accounts()));
                deployed.putAll(UniswapV2.deploy(anvil.rpc(), npm.nodeModules(), deployed.get("DevToken")));
                // last, so every address above stays where it was before DevUsdc existed
                deployed.putAll(DevContracts.deployUsdc(anvil.rpc(), anvil.accounts()));
                // after DevUsdc, from their own deployer, so no address above moves
                deployed.putAll(DevContracts.deployAgentRegistry(anvil.rpc()));
                contracts = Map.copyOf(deployed);
                progress.println("[devnet] anvil ready at " + anvil.rpcUrl() + " (chain id " + chainId + ")");
            }
            if (components.contains(Component.LIGHTNING) && lightning == null) {
                GoBinaries go = GoBinaries.ensure(cache, progress);
                lightning = LightningNetwork.start(supervisor, go.btcd(), go.btcctl(), go.lnd(), go.lncli(), dir("lightning"), progress);
                progress.println("[devnet] lightning ready: alice→bob channel active");
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public Devnet ensure(Component... components) {
        return ensure(components.length == 0 ? EnumSet.noneOf(Component.class) : EnumSet.of(components[0], components));
    }

    /** The EVM node; throws if {@link Component#EVM} was not started. */
    public AnvilNode evm() {
        return require(anvil, Component.EVM);
    }

    /**
     * The pinned npm tools the EVM component was installed from (anvil, solcjs, the x402 reference packages); throws
     * if {@link Component#EVM} was not started.
     */
    public synchronized NpmTools npm() {
        return require(npm, Component.EVM);
    }

    /**
     * Contracts the devnet deployed on anvil, by name: {@code DevToken} (dUSD, 6 decimals), {@code WETH9},
     * {@code UniswapV2Factory}, {@code UniswapV2Router02}, {@code UniswapV2Pair:DevToken} (a seeded dUSD/WETH pool),
     * {@code DevUsdc} (dUSDC, 6 decimals, EIP-3009, for x402), and the agent registry: {@code IdentityRegistry},
     * {@code ReputationRegistry} (ERC-8004) and {@code JobEscrow}.
     */
    public synchronized Map<String, String> contracts() {
        return contracts;
    }

    /** The Lightning regtest; throws if {@link Component#LIGHTNING} was not started. */
    public LightningNetwork lightning() {
        return require(lightning, Component.LIGHTNING);
    }

    /** The verified model file; throws if {@link Component#MODEL} was not installed. */
    public Path modelPath() {
        return require(model, Component.MODEL);
    }

    public Path workDir() {
        return workDir;
    }

    public synchronized DevnetEndpoints endpoints() {
        DevnetEndpoints.Evm evm = anvil == null ? null : new DevnetEndpoints.Evm(anvil.rpcUrl().toString(),
                anvil.chainId(), anvil.accounts(), contracts);
        DevnetEndpoints.Lightning ln = null;
        if (lightning != null) {
            Map<String, DevnetEndpoints.LndEndpoint> nodes = new LinkedHashMap<>();
            for (LndNode node : List.of(lightning.alice(), lightning.bob())) {
                nodes.put(node.alias(), new DevnetEndpoints.LndEndpoint(node.alias(), node.pubkey(), node.grpcHost(),
                        node.grpcPort(), node.restPort(), node.p2pPort(), node.tlsCert().toString(),
                        node.adminMacaroon().toString(), node.invoiceMacaroon().toString(),
                        node.readonlyMacaroon().toString(), node.dir().toString()));
            }
            ln = new DevnetEndpoints.Lightning("regtest", lightning.btcd().rpcHost(),
                    lightning.btcd().rpcCert().toString(), nodes);
        }
        DevnetEndpoints.Model m = model == null ? null : new DevnetEndpoints.Model(model.toString(), DefaultModel.SHA256);
        List<Long> pids = supervisor.processes().stream().map(ManagedProcess::pid).toList();
        return new DevnetEndpoints(ProcessHandle.current().pid(), workDir.toString(), evm, ln, m, pids);
    }

    /** Re-checks that every started process is alive and the model file is intact. */
    public synchronized void checkHealth() {
        supervisor.processes().forEach(ManagedProcess::ensureAlive);
        if (model != null) {
            FileDigest.verify(model, DefaultModel.SHA256, "the model file");
        }
    }

    @Override
    public void close() {
        supervisor.close();
        if (ownsWorkDir && System.getenv("BURSAR_KEEP_DEVNET") == null) {
            DirectoryTree.delete(workDir);
        }
    }

    private Path dir(String name) {
        try {
            return Files.createDirectories(workDir.resolve(name));
        } catch (IOException e) {
            throw new DevnetException("cannot create " + workDir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private static <T> T require(T value, Component component) {
        return Optional.ofNullable(value).orElseThrow(() -> new IllegalStateException(
                "the devnet component " + component + " was not started; ask for it with ensure(Component." + component + ")"));
    }

    /**
     * Configures a devnet: where tools are cached, chain id and block time of anvil, where progress is printed.
     */
    public static final class Builder {
        private BursarCache cache = BursarCache.fromEnvironment();
        private Path workDir;
        private long chainId = 31337;
        private int blockTimeSeconds;
        private PrintStream progress = System.err;

        private Builder() {
        }

        public Builder cache(BursarCache cache) {
            this.cache = cache;
            return this;
        }

        /**
         * Where node data and logs go. If not set, a new directory under the cache that is deleted on close
         * (kept when the environment variable {@code BURSAR_KEEP_DEVNET} is set, to read the logs).
         */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder chainId(long chainId) {
            if (chainId <= 0) {
                throw new IllegalArgumentException("chain id must be positive, got " + chainId);
            }
            this.chainId = chainId;
            return this;
        }

        /** Seconds between anvil blocks; 0 (the default) mines one block per transaction. */
        public Builder blockTimeSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("block time must be 0 or more seconds, got " + seconds);
            }
            this.blockTimeSeconds = seconds;
            return this;
        }

        public Builder progress(PrintStream progress) {
            this.progress = progress;
            return this;
        }

        /** Creates the devnet with nothing started yet. */
        public Devnet build() {
            try {
                if (workDir != null) {
                    return new Devnet(this, Files.createDirectories(workDir), false);
                }
                return new Devnet(this, Files.createTempDirectory(cache.dir("run"), "devnet-"), true);
            } catch (IOException e) {
                throw new DevnetException("cannot create the devnet's work directory: " + e.getMessage(), e);
            }
        }
    }
}
