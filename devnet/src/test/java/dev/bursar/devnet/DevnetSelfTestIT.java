package dev.bursar.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.evm.DevAccount;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.devnet.install.FileDigest;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.devnet.model.DefaultModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The devnet's own proof that its peers are real: a settled transaction on anvil, a settled payment alice→bob over
 * LND regtest, and a model file that is the published GGUF.
 */
@WithDevnet({Component.EVM, Component.LIGHTNING, Component.MODEL})
class DevnetSelfTestIT {

    private static final BigInteger ONE_ETH = BigInteger.TEN.pow(18);

    @Test
    void sendsARealTransactionOnAnvil(Devnet devnet) {
        EthJsonRpc rpc = devnet.evm().rpc();
        assertThat(rpc.chainId()).isEqualTo(31337L);
        DevAccount from = devnet.evm().accounts().get(0);
        DevAccount to = devnet.evm().accounts().get(1);
        BigInteger before = rpc.balance(to.address());

        String txHash = rpc.call("eth_sendTransaction",
                Map.of("from", from.address(), "to", to.address(), "value", "0x" + ONE_ETH.toString(16))).asText();
        JsonNode receipt = rpc.awaitReceipt(txHash, Duration.ofSeconds(30));

        assertThat(receipt.get("status").asText()).isEqualTo("0x1");
        assertThat(rpc.balance(to.address())).isEqualTo(before.add(ONE_ETH));
    }

    @Test
    void deploysTheDevTokenAndFundsEveryAccount(Devnet devnet) {
        String token = devnet.contracts().get("DevToken");
        assertThat(token).startsWith("0x").hasSize(42);
        for (DevAccount account : devnet.evm().accounts()) {
            String data = "0x70a08231" + "0".repeat(24) + account.address().substring(2);
            BigInteger balance = EthJsonRpc.quantity(devnet.evm().rpc().call("eth_call", Map.of("to", token, "data", data), "latest"));
            assertThat(balance).as("dUSD of %s", account.address()).isEqualTo(dev.bursar.devnet.evm.DevContracts.DUSD_PER_ACCOUNT);
        }
    }

    @Test
    void deploysUniswapV2WithASeededDusdPool(Devnet devnet) {
        Map<String, String> c = devnet.contracts();
        assertThat(c).containsKeys("WETH9", "UniswapV2Factory", "UniswapV2Router02", "UniswapV2Pair:DevToken");
        // getReserves() of the pool: 100,000 dUSD and 40 ETH in some order.
        String reserves = devnet.evm().rpc().call("eth_call", Map.of("to", c.get("UniswapV2Pair:DevToken"), "data", "0x0902f1ac"), "latest")
                .asText().substring(2);
        List<BigInteger> r = List.of(new BigInteger(reserves.substring(0, 64), 16), new BigInteger(reserves.substring(64, 128), 16));
        assertThat(r).containsExactlyInAnyOrder(dev.bursar.devnet.evm.UniswapV2.POOL_DUSD, dev.bursar.devnet.evm.UniswapV2.POOL_WEI);
    }

    @Test
    void paysBobFromAliceOverARealChannel(Devnet devnet) {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        long bobLocalBefore = bob.channelBalance().path("local_balance").path("sat").asLong();

        String invoice = bob.addInvoice(1_234, "devnet self-test");
        String paymentHash = bob.decodePayReq(invoice).get("payment_hash").asText();
        JsonNode payment = alice.payInvoice(invoice);

        assertThat(payment.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(payment.path("payment_preimage").asText()).hasSize(64);
        assertThat(bob.invoiceState(paymentHash)).isEqualTo("SETTLED");
        assertThat(bob.channelBalance().path("local_balance").path("sat").asLong()).isEqualTo(bobLocalBefore + 1_234);
    }

    @Test
    void bothSidesOfTheChannelCanPay(Devnet devnet) {
        long bobLocal = devnet.lightning().bob().channelBalance().path("local_balance").path("sat").asLong();
        long aliceLocal = devnet.lightning().alice().channelBalance().path("local_balance").path("sat").asLong();
        assertThat(bobLocal).isGreaterThan(0);
        assertThat(aliceLocal).isGreaterThan(0);
        assertThat(devnet.lightning().alice().syncedToChain()).isTrue();
    }

    @Test
    void providesThePublishedModelFile(Devnet devnet) throws IOException {
        assertThat(FileDigest.sha256(devnet.modelPath())).isEqualTo(DefaultModel.SHA256);
        try (InputStream in = Files.newInputStream(devnet.modelPath())) {
            assertThat(new String(in.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GGUF");
        }
    }

    @Test
    void publishesEveryEndpointAsJson(Devnet devnet) {
        DevnetEndpoints endpoints = devnet.endpoints();
        assertThat(endpoints.evm().rpcUrl()).startsWith("http://127.0.0.1:");
        assertThat(endpoints.evm().accounts()).hasSize(10);
        assertThat(endpoints.lightning().nodes()).containsOnlyKeys("alice", "bob");
        endpoints.lightning().nodes().values().forEach(node -> {
            assertThat(node.grpcHost()).isEqualTo("127.0.0.1");
            assertThat(java.nio.file.Path.of(node.tlsCert())).isRegularFile();
            assertThat(java.nio.file.Path.of(node.adminMacaroon())).isRegularFile();
            assertThat(java.nio.file.Path.of(node.invoiceMacaroon())).isRegularFile();
        });
        assertThat(endpoints.childPids()).hasSize(4);
    }
}
