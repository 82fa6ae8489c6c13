package dev.bursar.devnet.lightning;

import dev.bursar.devnet.process.ProcessSupervisor;
import dev.bursar.devnet.process.Readiness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The devnet's Lightning regtest: btcd plus two lnd nodes, alice (funded on chain) and bob, joined by a confirmed,
 * active alice→bob channel with balance on both sides.
 */
public final class LightningNetwork {

    /** Channel capacity alice opens to bob, in satoshis. */
    public static final long CHANNEL_SATS = 10_000_000;
    /** What alice pushes to bob's side on open, so both sides can pay. */
    public static final long PUSH_SATS = 4_000_000;
    /**
     * Blocks mined to alice at start: past coinbase maturity and btcd regtest's BIP9 segwit activation (three
     * 144-block windows), which lnd requires.
     */
    static final int FUNDING_BLOCKS = 500;

    private final BtcdNode btcd;
    private final LndNode alice;
    private final LndNode bob;

    private LightningNetwork(BtcdNode btcd, LndNode alice, LndNode bob) {
        this.btcd = btcd;
        this.alice = alice;
        this.bob = bob;
    }

    /** Starts btcd, alice and bob, funds alice, opens and confirms the channel; returns once it is active on both. */
    public static LightningNetwork start(ProcessSupervisor supervisor, Path btcdBin, Path btcctlBin, Path lndBin,
                                         Path lncliBin, Path workDir, PrintStream progress) {
        progress.println("[devnet] starting btcd (regtest) and lnd nodes alice and bob");
        BtcdNode btcd = BtcdNode.start(supervisor, btcdBin, btcctlBin, workDir.resolve("btcd"));
        LndNode alice = LndNode.start(supervisor, lndBin, lncliBin, "alice", workDir.resolve("alice"), btcd);
        LndNode bob = LndNode.start(supervisor, lndBin, lncliBin, "bob", workDir.resolve("bob"), btcd);

        btcd.restartMiningTo(alice.newAddress());
        progress.println("[devnet] mining " + FUNDING_BLOCKS + " regtest blocks to alice");
        btcd.mine(FUNDING_BLOCKS);
        Duration sync = Duration.ofSeconds(120);
        Readiness.await("alice synced to chain with confirmed funds", sync, Duration.ofMillis(500), alice.process(),
                () -> alice.syncedToChain() && alice.confirmedOnChainSats() > CHANNEL_SATS);
        Readiness.await("bob synced to chain", sync, Duration.ofMillis(500), bob.process(), bob::syncedToChain);

        progress.println("[devnet] opening a " + CHANNEL_SATS + " sat channel alice→bob (" + PUSH_SATS + " sat pushed to bob)");
        // GetInfo answers before lnd's peer server accepts connections ("server is still in the process of starting")
        Readiness.await("alice connected to bob", sync, Duration.ofMillis(500), alice.process(), () -> {
            alice.connect(bob);
            return true;
        });
        alice.openChannel(bob, CHANNEL_SATS, PUSH_SATS);
        btcd.mine(6);
        Readiness.await("an active alice→bob channel on both nodes", sync, Duration.ofMillis(500), alice.process(),
                () -> alice.activeChannels() == 1 && bob.activeChannels() == 1
                        && alice.syncedToChain() && bob.syncedToChain());
        Readiness.await("the channel's routing policies in both nodes' graphs", sync, Duration.ofMillis(500),
                alice.process(), () -> alice.seesRoutableChannel() && bob.seesRoutableChannel());
        return new LightningNetwork(btcd, alice, bob);
    }

    public BtcdNode btcd() {
        return btcd;
    }

    public LndNode alice() {
        return alice;
    }

    public LndNode bob() {
        return bob;
    }
}
