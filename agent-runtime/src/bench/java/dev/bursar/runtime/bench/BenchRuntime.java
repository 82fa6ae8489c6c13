package dev.bursar.runtime.bench;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.runtime.agent.AgentDefinition;
import dev.bursar.runtime.agent.AgentFactory;
import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.store.BursarDatabase;
import dev.bursar.runtime.store.JdbcAgentStore;
import dev.bursar.runtime.store.JdbcSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import org.web3j.crypto.WalletUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runtime's own parts as the Quarkus app wires them ({@code RuntimeBeans}), without HTTP: anvil from the devnet,
 * the embedded H2 database with its chat memory and spend journal, agent factory and registry, and the
 * {@link ScriptedChatModel} behind the model name {@code scripted}. Agents hold an EVM wallet on anvil and the wallet
 * plugin with {@code wallet:read}.
 */
final class BenchRuntime implements AutoCloseable {

    private static final String PASSWORD = "bench-keystore-password";

    private final Devnet devnet;
    private final Path dataDir;
    private final BursarDatabase database;
    private final SpendLedger ledger;
    private final Path keystore;
    private final Path passwordFile;
    private final ScriptedChatModel model = new ScriptedChatModel();

    BenchRuntime() throws Exception {
        devnet = Devnet.builder().build().ensure(Component.EVM);
        dataDir = Files.createTempDirectory("bursar-runtime-bench-");
        database = BursarDatabase.embedded(dataDir.resolve("db"));
        ledger = SpendLedger.open(new JdbcSpendJournal(database.dataSource()));
        Path keys = Files.createDirectories(dataDir.resolve("keys"));
        passwordFile = Files.writeString(keys.resolve("password"), PASSWORD);
        // light scrypt parameters: a thousand agents decrypt this at build time; full parameters take ~1 s each
        keystore = keys.resolve(WalletUtils.generateLightNewWalletFile(PASSWORD, keys.toFile()));
    }

    /** A registry whose agents keep their conversations in {@code memory}. */
    AgentRegistry registry(ChatMemoryStore memory) {
        AgentFactory factory = new AgentFactory(name -> model, ledger, memory, List.of(), List.of(), 6, dataDir);
        return new AgentRegistry(factory, new JdbcAgentStore(database.dataSource()));
    }

    ScriptedChatModel model() {
        return model;
    }

    BursarDatabase database() {
        return database;
    }

    /** An agent definition as a user would write it: the scripted model, one EVM wallet, read-only wallet tools. */
    AgentDefinition definition(AgentRegistry registry, String id) {
        String yaml = """
                id: %s
                name: Bench agent %s
                owner: bench
                model: scripted
                memoryWindow: 20
                plugins:
                  wallet: [wallet:read]
                wallets:
                  evm:
                    rpcUrl: %s
                    chainId: %d
                    keystore: %s
                    passwordFile: %s
                policy:
                  maxPerTransaction: ["0.1 ETH"]
                """.formatted(id, id, devnet.evm().rpcUrl(), devnet.evm().chainId(), keystore, passwordFile);
        return registry.parse(yaml, "bench agent " + id);
    }

    @Override
    public void close() throws IOException {
        database.close();
        devnet.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
