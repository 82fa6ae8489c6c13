package dev.bursar.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.SecretSource;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent file with policy.contractSafety, built by the AgentFactory on the devnet's anvil: its guarded wallet scores
 * the token contract of every ERC-20 payment before the journal, so dUSD goes out and a token whose owner can set
 * balances is denied with the guard's findings in the journal; the file's thresholds reach the guard.
 */
@WithDevnet({Component.EVM})
class ContractSafetyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The agent never chats here: only its wallet is used, so its model is a placeholder that is never called. */
    private static final ModelProvider NO_CHAT = name -> new StreamingChatModel() { };

    @Test
    void guardDeniesAPaymentInABlockVerdictTokenAndLetsDollarsThrough(Devnet devnet, @TempDir Path dir) throws Exception {
        String dusd = devnet.contracts().get("DevToken");
        String risky = deploy(devnet, "OwnerSetsBalances");
        Path password = Files.writeString(dir.resolve("keystore.password"), "correct horse battery staple");
        Path keystore = EvmKeys.createKeystore(dir, SecretSource.file(password));
        String agentAddress = EvmKeys.fromKeystore(keystore, SecretSource.file(password)).address().value();
        send(devnet, null, agentAddress, BigInteger.TEN.pow(18), "0x");
        send(devnet, null, dusd, BigInteger.ZERO, transfer(agentAddress, BigInteger.valueOf(100_000_000L)));
        send(devnet, null, risky, BigInteger.ZERO, transfer(agentAddress, BigInteger.TEN.pow(20)));
        String payee = devnet.evm().accounts().get(1).address();

        String yaml = """
                id: shopper
                name: Shopper
                owner: alice
                model: local
                plugins:
                  wallet: [wallet:spend]
                  contracts: [contract:read]
                wallets:
                  evm:
                    rpcUrl: %s
                    chainId: %d
                    keystore: %s
                    passwordFile: %s
                    tokens: ["%s", "%s"]
                policy:
                  maxPerTransaction: ["0.1 ETH", "10 dUSD", "10 RISK"]
                  contractSafety: {blockBelow: 40, warnBelow: 70}
                """.formatted(devnet.evm().rpcUrl(), devnet.evm().chainId(), keystore, password, dusd, risky);
        AgentDefinition d = new AgentDefinitionParser().parse(yaml, "agents/shopper.yaml");

        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
             AgentFactory factory = new AgentFactory(NO_CHAT, ledger, new InMemoryChatMemoryStore(), List.of(), List.of(), 1, dir)) {
            RunningAgent agent = factory.build(d);

            SpendResult dollars = pay(agent, payee, "1 dUSD", "k-dusd");
            assertThat(dollars.state()).as(dollars.message()).isEqualTo(EntryState.SUCCEEDED);
            SpendResult ether = pay(agent, payee, "0.01 ETH", "k-eth");
            assertThat(ether.state()).as("a plain ETH transfer to an account has no contract to score: " + ether.message())
                    .isEqualTo(EntryState.SUCCEEDED);

            SpendResult blocked = pay(agent, payee, "1 RISK", "k-risk");
            assertThat(blocked.state()).isEqualTo(EntryState.DENIED);
            LedgerEntry entry = ledger.entry(blocked.entryId()).orElseThrow();
            assertThat(entry.state()).isEqualTo(EntryState.DENIED);
            assertThat(entry.rule()).isEqualTo("guard");
            assertThat(entry.reason()).contains("blocked by the transaction guard").contains("OWNER_SETS_BALANCES")
                    .contains(EvmAddress.of(risky).value()).contains("BLOCK");
            assertThat(entry.prepared()).as("nothing was signed").isEmpty();
            assertThat(balanceOf(devnet, risky, payee)).isZero();
            System.out.println("journal: " + entry.state() + " rule=" + entry.rule() + " reason=" + entry.reason());

            // the thresholds come from the file: an agent that asks a person below 95 gets dUSD (about 88) held for approval
            RunningAgent cautious = factory.build(new AgentDefinitionParser().parse(yaml.replace("id: shopper", "id: cautious")
                    .replace("warnBelow: 70", "warnBelow: 95"), "agents/cautious.yaml"));
            SpendResult held = pay(cautious, payee, "1 dUSD", "k-cautious");
            assertThat(held.state()).as(held.message()).isEqualTo(EntryState.AWAITING_APPROVAL);
            assertThat(ledger.entry(held.entryId()).orElseThrow().reason()).contains("asks for approval").contains("ALLOW");
        }
    }

    private static PaymentIntent intent(RunningAgent agent, String to, String amount, String key) {
        return new PaymentIntent(agent.id(), new PaymentTarget.EvmTransfer(EvmAddress.of(to)), Amount.parse(amount, agent.assets()),
                "buy supplies", key);
    }

    /** The owner asked for exactly this payment in the chat. */
    private static SpendResult pay(RunningAgent agent, String to, String amount, String key) {
        return agent.wallet().pay(intent(agent, to, amount, key),
                Grounding.of(new UserWords(List.of("please send " + amount + " to " + to), null)));
    }

    private static String transfer(String to, BigInteger amount) {
        return "0xa9059cbb" + word(new BigInteger(to.substring(2), 16)) + word(amount);
    }

    private static String word(BigInteger v) {
        String hex = v.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }

    private static BigInteger balanceOf(Devnet devnet, String token, String holder) {
        String data = "0x70a08231" + word(new BigInteger(holder.substring(2), 16));
        return new BigInteger(devnet.evm().rpc().call("eth_call", Map.of("to", token, "data", data), "latest").asText().substring(2), 16);
    }

    /** Deploys a fixture compiled into test-classes/solidity from the first dev account. */
    private static String deploy(Devnet devnet, String contract) throws Exception {
        try (InputStream in = ContractSafetyIT.class.getResourceAsStream("/solidity/" + contract + ".json")) {
            if (in == null) {
                throw new IllegalStateException("fixture " + contract + " is not compiled; run mvn process-test-classes");
            }
            return send(devnet, null, null, BigInteger.ZERO, JSON.readTree(in).get("bytecode").asText()).get("contractAddress").asText();
        }
    }

    private static JsonNode send(Devnet devnet, String from, String to, BigInteger value, String data) {
        Map<String, String> tx = new java.util.HashMap<>(Map.of("from", from != null ? from : devnet.evm().accounts().get(0).address(),
                "value", "0x" + value.toString(16), "data", data));
        if (to != null) {
            tx.put("to", to);
        }
        String hash = devnet.evm().rpc().call("eth_sendTransaction", tx).asText();
        JsonNode receipt = devnet.evm().rpc().awaitReceipt(hash, Duration.ofSeconds(30));
        assertThat(receipt.path("status").asText()).as("fixture transaction " + hash).isEqualTo("0x1");
        return receipt;
    }
}
