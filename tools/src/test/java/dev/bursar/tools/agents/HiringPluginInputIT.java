package dev.bursar.tools.agents;

import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.registry.a2a.A2aClient;
import dev.bursar.registry.discovery.AgentIndex;
import dev.bursar.registry.discovery.RegistryRef;
import dev.bursar.registry.hire.FileHireJournal;
import dev.bursar.registry.hire.Hirer;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.AgentHirer;
import dev.bursar.tools.ConversationWords;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolGate;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.value.EvmAddress;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad hiring arguments get a clear error before any quote, job or payment (the wallet is real, on the devnet's anvil,
 * and its journal stays empty). An empty registry index finds nobody and hires nobody.
 */
@WithDevnet({Component.EVM})
class HiringPluginInputIT {

    private static final EvmAddress DUSD = EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static final List<Asset> ASSETS = List.of(Asset.NativeCoin.ether(31337), new Asset.Erc20Token(31337, DUSD, "dUSD", 6));

    @TempDir
    Path dir;

    private Devnet devnet;
    private SpendLedger ledger;

    @BeforeEach
    void setUp(Devnet devnet) {
        this.devnet = devnet;
    }

    @AfterEach
    void nothingWasJournaled() {
        if (ledger != null) {
            assertThat(ledger.entriesOf("agent-1")).isEmpty();
            ledger.close();
        }
    }

    private String call(String tool, String arguments) {
        String rpc = devnet.evm().rpcUrl().toString();
        Web3j web3j = Web3j.build(new HttpService(rpc));
        EvmWallet rail = EvmWallet.builder().rpcUrl(rpc).chainId(devnet.evm().chainId())
                .keys(EvmKeys.fromPrivateKey(devnet.evm().accounts().get(8).privateKey())).build();
        if (ledger != null) {
            ledger.close();
        }
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal-" + System.nanoTime() + ".log")));
        GuardedWallet wallet = GuardedWallet.builder().agentId("agent-1").wallet(rail)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(ASSETS.get(0), "1")).build())
                .ledger(ledger).build();
        Hirer hirer = Hirer.builder().a2a(A2aClient.builder().build())
                .chain(web3j, DUSD, DUSD, new RegistryRef(31337, DUSD))
                .sender(new GuardedTransactionSender(wallet, rail, web3j)).journal(FileHireJournal.open(dir.resolve("hires.jsonl")))
                .build();
        AgentHirer hiring = new AgentHirer(new AgentIndex(), hirer, ConversationWords.none());
        Map<ToolSpecification, ToolExecutor> tools = new ToolGate("agent-1",
                Map.of(HiringPlugin.ID, Set.of(Permission.AGENTS_FIND, Permission.AGENTS_HIRE)), List.of())
                .executors(List.of(new HiringPlugin()), new AgentContext("agent-1", null, ASSETS, Optional.empty(), Optional.empty(),
                        Optional.of(hiring)));
        ToolExecutor executor = tools.entrySet().stream().filter(e -> e.getKey().name().equals(tool)).findFirst().orElseThrow().getValue();
        return executor.execute(ToolExecutionRequest.builder().id("t1").name(tool).arguments(arguments).build(), "c1");
    }

    @Test
    void aBudgetWithoutAUnitOrAnAgentIdThatIsNoIdIsRefusedBeforeAnythingIsPaid() {
        assertThat(call("hire_agent", "{\"agent_id\": 3, \"skill\": \"summarise\", \"task\": \"summarise this\", \"budget\": \"2\"}"))
                .startsWith("error:").contains("budget '2' is not an amount").contains("nothing was paid");
        assertThat(call("hire_agent", "{\"agent_id\": -1, \"skill\": \"summarise\", \"task\": \"x\", \"budget\": \"2 dUSD\"}"))
                .startsWith("error:").contains("agent_id must be a registered agent's id");
        assertThat(call("hire_agent", "{\"agent_id\": 3, \"skill\": \"summarise\", \"task\": \"  \", \"budget\": \"2 dUSD\"}"))
                .startsWith("error:").contains("task must be a non-empty text");
    }

    @Test
    void anAgentTheIndexDoesNotHoldIsNeverHired() {
        assertThat(call("hire_agent", "{\"agent_id\": 7, \"skill\": \"summarise\", \"task\": \"summarise this\", \"budget\": \"2 dUSD\"}"))
                .startsWith("error:").contains("no agent 7 is in the registry index").contains("nothing was paid");
    }

    @Test
    void anEmptyIndexFindsNobodyAndSaysSo() {
        assertThat(call("find_agents", "{\"skill\": \"summarise\", \"max_price\": \"2 dUSD\"}"))
                .contains("No registered agent offers 'summarise' within 2 dUSD");
    }
}
