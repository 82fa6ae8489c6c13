package dev.bursar.devnet.x402;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.evm.DevAccount;
import dev.bursar.devnet.evm.DevContracts;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.devnet.junit.WithDevnet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The x402 v2 reference packages work end to end on the devnet: their facilitator settles on anvil, their express
 * seller sells {@code GET /paid} for dUSDC, their fetch client pays it, and DevUsdc enforces EIP-3009 as USDC does.
 */
@WithDevnet(Component.EVM)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X402PeersIT {

    /** 0.01 dUSDC. */
    private static final BigInteger PRICE = BigInteger.valueOf(10_000);
    /** keccak256("AuthorizationUsed(address,bytes32)"). */
    private static final String AUTHORIZATION_USED = "0x98de503528ee59b575ef0c0a2576a82497bfc029a5685b209e9ec333479b10a5";
    private static final String BALANCE_OF = "0x70a08231";
    private static final String AUTHORIZATION_STATE = "0xe94a0102";

    private X402Facilitator facilitator;
    private X402Seller seller;
    private DevAccount buyer;

    @BeforeAll
    void startPeers(Devnet devnet) {
        buyer = devnet.evm().accounts().get(2);
        String payTo = devnet.evm().accounts().get(3).address();
        facilitator = X402Facilitator.start(devnet, devnet.evm().accounts().get(9));
        seller = X402Seller.start(devnet, facilitator.url(), X402Price.devUsdc(devnet, PRICE), payTo);
    }

    @AfterAll
    void stopPeers() {
        if (seller != null) {
            seller.close();
        }
        if (facilitator != null) {
            facilitator.close();
        }
    }

    @Test
    void theSellerAsksForPaymentOnlyOnThePaidPath() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unpaid = http.send(HttpRequest.newBuilder(seller.paidUrl()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unpaid.statusCode()).isEqualTo(402);
        assertThat(unpaid.headers().firstValue("PAYMENT-REQUIRED")).isPresent();
        HttpResponse<String> free = http.send(HttpRequest.newBuilder(seller.freeUrl()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(free.statusCode()).isEqualTo(200);
        assertThat(free.body()).contains("free content");
    }

    @Test
    void theBuyerPaysTheSellerThroughTheFacilitatorOnAnvil(Devnet devnet) {
        EthJsonRpc rpc = devnet.evm().rpc();
        String usdc = devnet.contracts().get("DevUsdc");
        BigInteger buyerBefore = balanceOf(rpc, usdc, buyer.address());
        BigInteger sellerBefore = balanceOf(rpc, usdc, seller.payTo());

        X402Buyer.Result result = X402Buyer.of(devnet, buyer).get(seller.paidUrl(), usdc, PRICE);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("{\"data\":\"paid content\"}");
        assertThat(result.paymentResponse()).isNotNull();
        assertThat(result.paymentResponse().success()).isTrue();
        assertThat(result.paymentResponse().network()).isEqualTo("eip155:" + devnet.evm().chainId());
        assertThat(result.paymentResponse().payer()).isEqualToIgnoringCase(buyer.address());
        assertThat(result.paymentResponse().transaction()).matches("0x[0-9a-f]{64}");
        JsonNode receipt = rpc.awaitReceipt(result.paymentResponse().transaction(), Duration.ofSeconds(30));
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        assertThat(receipt.path("from").asText()).isEqualToIgnoringCase(facilitator.signerAddress());
        assertThat(balanceOf(rpc, usdc, buyer.address())).isEqualTo(buyerBefore.subtract(PRICE));
        assertThat(balanceOf(rpc, usdc, seller.payTo())).isEqualTo(sellerBefore.add(PRICE));
    }

    @Test
    void devUsdcMarksTheUsedAuthorizationAndRefusesItsReplay(Devnet devnet) {
        EthJsonRpc rpc = devnet.evm().rpc();
        String usdc = devnet.contracts().get("DevUsdc");
        X402Buyer.Result result = X402Buyer.of(devnet, buyer).get(seller.paidUrl(), usdc, PRICE);
        assertThat(result.status()).isEqualTo(200);
        String txHash = result.paymentResponse().transaction();

        JsonNode used = authorizationUsedLog(rpc.awaitReceipt(txHash, Duration.ofSeconds(30)), usdc);
        assertThat(used.path("topics").get(1).asText()).isEqualTo(word(buyer.address()));
        String nonce = used.path("topics").get(2).asText();
        assertThat(authorizationState(rpc, usdc, buyer.address(), nonce)).isTrue();
        assertThat(authorizationState(rpc, usdc, buyer.address(), "0x" + "ab".repeat(32))).isFalse();

        // the same signed transferWithAuthorization call, sent again, must revert
        JsonNode tx = rpc.call("eth_getTransactionByHash", txHash);
        assertThat(tx.path("input").asText()).startsWith("0xe3ee160e").contains(nonce.substring(2));
        assertThatThrownBy(() -> rpc.call("eth_call",
                Map.of("from", facilitator.signerAddress(), "to", usdc, "data", tx.path("input").asText()), "latest"))
                .isInstanceOf(DevnetException.class)
                .hasMessageContaining("authorization is used or canceled");
    }

    @Test
    void devUsdcIsFundedAndNamedForEip712(Devnet devnet) {
        EthJsonRpc rpc = devnet.evm().rpc();
        String usdc = devnet.contracts().get("DevUsdc");
        // deployed last from its own impersonated deployer: a fixed address, and the older contracts kept theirs
        assertThat(usdc).isEqualToIgnoringCase("0xE0c69D7b7C0b6b594E78ae5910fd42d276254B72");
        assertThat(devnet.contracts().get("DevToken")).isEqualToIgnoringCase("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertThat(devnet.endpoints().evm().contracts()).containsEntry("DevUsdc", usdc);
        assertThat(balanceOf(rpc, usdc, devnet.evm().accounts().get(5).address())).isEqualTo(DevContracts.DUSDC_PER_ACCOUNT);
        // name() and version() are the EIP-712 domain the x402 price carries
        assertThat(abiString(rpc.call("eth_call", Map.of("to", usdc, "data", "0x06fdde03"), "latest").asText())).isEqualTo("Dev USD Coin");
        assertThat(abiString(rpc.call("eth_call", Map.of("to", usdc, "data", "0x54fd4d50"), "latest").asText())).isEqualTo("2");
    }

    private static JsonNode authorizationUsedLog(JsonNode receipt, String token) {
        for (JsonNode log : receipt.path("logs")) {
            if (log.path("address").asText().equalsIgnoreCase(token) && AUTHORIZATION_USED.equals(log.path("topics").get(0).asText())) {
                return log;
            }
        }
        throw new AssertionError("no AuthorizationUsed event from " + token + " in " + receipt);
    }

    private static BigInteger balanceOf(EthJsonRpc rpc, String token, String account) {
        return EthJsonRpc.quantity(rpc.call("eth_call", Map.of("to", token, "data", BALANCE_OF + word(account).substring(2)), "latest"));
    }

    private static boolean authorizationState(EthJsonRpc rpc, String token, String authorizer, String nonce) {
        String data = AUTHORIZATION_STATE + word(authorizer).substring(2) + nonce.substring(2);
        return EthJsonRpc.quantity(rpc.call("eth_call", Map.of("to", token, "data", data), "latest")).signum() != 0;
    }

    private static String word(String address) {
        return "0x" + "0".repeat(24) + address.substring(2).toLowerCase();
    }

    /** Decodes an ABI-encoded single {@code string} return value. */
    private static String abiString(String hex) {
        byte[] data = HexFormat.of().parseHex(hex.substring(2));
        int length = new BigInteger(1, Arrays.copyOfRange(data, 32, 64)).intValueExact();
        return new String(data, 64, length, StandardCharsets.UTF_8);
    }
}
