package dev.bursar.devnet.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.process.FreePorts;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;
import dev.bursar.devnet.process.Readiness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running anvil node on 127.0.0.1, started as the binary itself, with its funded development accounts.
 */
public final class AnvilNode {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PORT_ATTEMPTS = 3;

    private final ManagedProcess process;
    private final URI rpcUrl;
    private final long chainId;
    private final List<DevAccount> accounts;

    private AnvilNode(ManagedProcess process, URI rpcUrl, long chainId, List<DevAccount> accounts) {
        this.process = process;
        this.rpcUrl = rpcUrl;
        this.chainId = chainId;
        this.accounts = accounts;
    }

    /**
     * Starts anvil and waits until eth_chainId answers with {@code chainId}.
     *
     * @param blockTimeSeconds 0 to mine a block per transaction, else the interval between blocks
     */
    public static AnvilNode start(ProcessSupervisor supervisor, Path anvil, Path workDir, long chainId, int blockTimeSeconds, int accountCount) {
        DevnetException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = FreePorts.next();
            Path configOut = workDir.resolve("anvil-accounts-" + port + ".json");
            List<String> command = new ArrayList<>(List.of(anvil.toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--chain-id", Long.toString(chainId),
                    "--accounts", Integer.toString(accountCount), "--balance", "10000",
                    "--config-out", configOut.toString(),
                    // anvil writes old blocks' states to disk (gigabytes over a long run) and leaves them behind when
                    // killed: keep them in the devnet's work dir, deleted with it, not in ~/.foundry
                    "--cache-path", workDir.resolve("anvil-states-" + port).toString()));
            if (blockTimeSeconds > 0) {
                command.addAll(List.of("--block-time", Integer.toString(blockTimeSeconds)));
            }
            ManagedProcess process = supervisor.start("anvil", command, workDir, Map.of());
            URI url = URI.create("http://127.0.0.1:" + port);
            EthJsonRpc rpc = new EthJsonRpc(url);
            try {
                Readiness.await("anvil eth_chainId at " + url, Duration.ofSeconds(30), Duration.ofMillis(100), process,
                        () -> rpc.chainId() == chainId && Files.isRegularFile(configOut));
                return new AnvilNode(process, url, chainId, readAccounts(configOut));
            } catch (DevnetException e) {
                lastFailure = e;
                supervisor.stop(process);
                if (!process.tail(50).contains("in use")) {
                    throw e;
                }
                // the port was taken between picking and binding: try another one
            }
        }
        throw new DevnetException("anvil could not bind a free port after " + PORT_ATTEMPTS + " attempts", lastFailure);
    }

    public URI rpcUrl() {
        return rpcUrl;
    }

    public long chainId() {
        return chainId;
    }

    public List<DevAccount> accounts() {
        return accounts;
    }

    public ManagedProcess process() {
        return process;
    }

    public EthJsonRpc rpc() {
        return new EthJsonRpc(rpcUrl);
    }

    private static List<DevAccount> readAccounts(Path configOut) {
        try {
            JsonNode config = JSON.readTree(Files.readString(configOut));
            JsonNode addresses = config.get("available_accounts");
            JsonNode keys = config.get("private_keys");
            List<DevAccount> accounts = new ArrayList<>();
            for (int i = 0; i < addresses.size(); i++) {
                accounts.add(new DevAccount(addresses.get(i).asText(), keys.get(i).asText()));
            }
            return List.copyOf(accounts);
        } catch (IOException | RuntimeException e) {
            throw new DevnetException("cannot read anvil's account list " + configOut + ": " + e.getMessage(), e);
        }
    }
}
