package dev.bursar.tools.wallet;

import dev.bursar.tools.AgentContext;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolGate;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad tool arguments get a clear error before anything touches the wallet (the context here has no wallet at all, so
 * a call that reached it would fail differently): amounts that overflow, ENS names, numbers that are not whole.
 */
class WalletPluginInputTest {

    private static final List<Asset> ASSETS = List.of(Asset.NativeCoin.ether(31337),
            new Asset.Erc20Token(31337, EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"), "dUSD", 6),
            new Asset.LightningBitcoin(BitcoinNetwork.REGTEST));

    private static String call(String tool, String arguments) {
        Map<ToolSpecification, ToolExecutor> tools = new ToolGate("agent-1",
                Map.of(WalletPlugin.ID, Set.of(Permission.WALLET_READ, Permission.WALLET_SPEND, Permission.WALLET_RECEIVE)), List.of())
                .executors(List.of(new WalletPlugin()), new AgentContext("agent-1", null, ASSETS, Optional.empty()));
        ToolExecutor executor = tools.entrySet().stream().filter(e -> e.getKey().name().equals(tool)).findFirst().orElseThrow().getValue();
        return executor.execute(ToolExecutionRequest.builder().id("t1").name(tool).arguments(arguments).build(), "c1");
    }

    @Test
    void anInvoiceAmountBeyondALongIsRefusedNotWrappedAround() {
        assertThat(call("create_invoice", "{\"amount_sat\": 18446744073709551621}"))
                .startsWith("error:").contains("amount_sat must be a whole number of satoshis").contains("no invoice was created");
        assertThat(call("create_invoice", "{\"amount_sat\": 0}")).contains("amount_sat must be a whole number");
        assertThat(call("create_invoice", "{\"amount_sat\": 2100000000000001}")).contains("amount_sat must be a whole number");
    }

    @Test
    void anEnsNameIsAClearErrorNeverAGuess() {
        assertThat(call("send_payment", "{\"to\": \"vitalik.eth\", \"amount\": \"0.001 ETH\"}"))
                .startsWith("error:").contains("ENS name").contains("full 0x address");
    }

    @Test
    void aMistypedChecksumIsRefused() {
        assertThat(call("send_payment", "{\"to\": \"0x70997970c51812DC3A010C7d01b50e0d17dc79C8\", \"amount\": \"0.001 ETH\"}"))
                .startsWith("error:").contains("EIP-55 checksum");
    }

    @Test
    void aHistoryLimitOutsideOneToFiftyIsAClearError() {
        assertThat(call("spend_history", "{\"limit\": 0}")).startsWith("error:").contains("limit must be a whole number from 1 to 50");
        assertThat(call("spend_history", "{\"limit\": 500}")).startsWith("error:").contains("limit must be a whole number from 1 to 50");
    }
}
