package dev.bursar.devnet.lightning;

import dev.bursar.devnet.process.FreePorts;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;
import dev.bursar.devnet.process.Readiness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A btcd regtest node on 127.0.0.1 that mines blocks on request to a configured address.
 */
public final class BtcdNode {

    static final String RPC_USER = "bursar";
    static final String RPC_PASS = "bursar-devnet";

    private final ProcessSupervisor supervisor;
    private final Path btcd;
    private final Path dir;
    private final int rpcPort;
    private final int p2pPort;
    private final CliTool btcctl;
    private ManagedProcess process;

    private BtcdNode(ProcessSupervisor supervisor, Path btcd, Path btcctl, Path dir) {
        this.supervisor = supervisor;
        this.btcd = btcd;
        this.dir = dir;
        this.rpcPort = FreePorts.next();
        this.p2pPort = FreePorts.next();
        this.btcctl = new CliTool("btcctl", List.of(btcctl.toString(), "--regtest",
                "--rpcserver=127.0.0.1:" + rpcPort, "--rpcuser=" + RPC_USER, "--rpcpass=" + RPC_PASS,
                "--rpccert=" + rpcCert()));
    }

    /** Starts btcd without a mining address (lnd needs a backend before it can hand out one). */
    public static BtcdNode start(ProcessSupervisor supervisor, Path btcd, Path btcctl, Path dir) {
        BtcdNode node = new BtcdNode(supervisor, btcd, btcctl, dir);
        node.launch(null);
        return node;
    }

    /** Restarts btcd on the same data and ports, mining to {@code address} from now on. */
    public void restartMiningTo(String address) {
        supervisor.stop(process);
        launch(address);
    }

    /** Mines {@code blocks} blocks and returns the new height. */
    public long mine(int blocks) {
        btcctl.text("generate", Integer.toString(blocks));
        return height();
    }

    public long height() {
        return Long.parseLong(btcctl.text("getblockcount").trim());
    }

    public String rpcHost() {
        return "127.0.0.1:" + rpcPort;
    }

    public Path rpcCert() {
        return dir.resolve("rpc.cert");
    }

    public ManagedProcess process() {
        return process;
    }

    private void launch(String miningAddress) {
        List<String> command = new ArrayList<>(List.of(btcd.toString(), "--regtest",
                "--datadir=" + dir.resolve("data"), "--logdir=" + dir.resolve("logs"),
                "--rpcuser=" + RPC_USER, "--rpcpass=" + RPC_PASS,
                "--rpclisten=127.0.0.1:" + rpcPort, "--listen=127.0.0.1:" + p2pPort,
                "--rpccert=" + rpcCert(), "--rpckey=" + dir.resolve("rpc.key"),
                "--txindex", "--nodnsseed", "--debuglevel=info"));
        if (miningAddress != null) {
            command.add("--miningaddr=" + miningAddress);
        }
        process = supervisor.start("btcd", command, dir, Map.of());
        Readiness.await("btcd getblockcount on " + rpcHost(), Duration.ofSeconds(30), Duration.ofMillis(200), process,
                () -> height() >= 0);
    }
}
