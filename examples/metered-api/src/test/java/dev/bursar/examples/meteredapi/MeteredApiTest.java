package dev.bursar.examples.meteredapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.l402.client.FileTokenStore;
import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.client.L402Response;
import dev.bursar.l402.evm.GuardedAuthorizationPayer;
import dev.bursar.l402.lnd.GuardedInvoicePayer;
import dev.bursar.l402.x402.X402Authenticator;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.evm.TransferAuthorizationWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.value.EvmAddress;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metered API on Quarkus REST, bought by Bursar agents over each rail: one pays bob's invoice over the devnet's
 * Lightning channel (L402), one signs an EIP-3009 authorization of dUSDC settled by the local x402 facilitator.
 */
@QuarkusTest
@QuarkusTestResource(SellerOnDevnetResource.class)
class MeteredApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/quote")
    URI quote;

    @TempDir
    Path dir;

    @Test
    void anUnpaidCallIsOfferedBothRailsInOne402() throws Exception {
        HttpResponse<String> unpaid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(quote).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unpaid.statusCode()).isEqualTo(402);
        assertThat(unpaid.headers().allValues("WWW-Authenticate")).hasSize(2).allMatch(l -> l.matches("(LSAT|L402) macaroon=\".+\", invoice=\"lnbcrt100n.+\""));
        var required = JSON.readTree(Base64.getDecoder().decode(unpaid.headers().firstValue("PAYMENT-REQUIRED").orElseThrow()));
        assertThat(required.path("accepts").get(0).path("amount").asText()).isEqualTo("10000");
        assertThat(required.path("accepts").get(0).path("asset").asText())
                .isEqualToIgnoringCase(SellerOnDevnetResource.world.devnet.contracts().get("DevUsdc"));
        HttpResponse<String> free = HttpClient.newHttpClient().send(HttpRequest.newBuilder(quote.resolve("/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(free.statusCode()).isEqualTo(200);
    }

    @Test
    void anAgentBuysOverLightning() throws Exception {
        LndNode aliceNode = SellerOnDevnetResource.world.devnet.lightning().alice();
        LightningWallet alice = LightningWallet.builder().network(BitcoinNetwork.REGTEST).connection(LndConnection.builder()
                .host(aliceNode.grpcHost()).port(aliceNode.grpcPort()).tlsCert(aliceNode.tlsCert()).macaroon(aliceNode.adminMacaroon()).build()).build();
        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            GuardedWallet guarded = GuardedWallet.builder().agentId("ln-buyer").wallet(alice).ledger(ledger)
                    .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(alice.asset(), 100_000)).build()).build();
            PayingHttpClient client = PayingHttpClient.builder().payer(new GuardedInvoicePayer(guarded, alice))
                    .tokenStore(new FileTokenStore(dir.resolve("tokens"))).maxPriceSats(50).build();

            L402Response first = client.fetch(HttpRequest.newBuilder(quote).build(), 50);
            L402Response second = client.fetch(HttpRequest.newBuilder(quote).build(), 50);

            assertThat(first.response().statusCode()).isEqualTo(200);
            assertThat(new String(first.response().body(), StandardCharsets.UTF_8)).contains("\"symbol\":\"BSR\"");
            assertThat(first.payment().orElseThrow().sats()).isEqualTo(10);
            assertThat(second.response().statusCode()).isEqualTo(200);
            assertThat(second.payment()).as("the token bought once opens the API for its hour").isEmpty();
            assertThat(ledger.all()).extracting(e -> e.state()).containsExactly(EntryState.SUCCEEDED);
        }
    }

    @Test
    void anAgentBuysWithTokensOverX402() throws Exception {
        var devnet = SellerOnDevnetResource.world.devnet;
        EvmWallet account = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId())
                .keys(EvmKeys.fromPrivateKey(devnet.evm().accounts().get(7).privateKey())).build();
        Asset.Erc20Token dUsdc = account.token(EvmAddress.of(devnet.contracts().get("DevUsdc")));
        EvmAddress payee = EvmAddress.of(devnet.evm().accounts().get(SellerOnDevnet.PAYEE_ACCOUNT).address());
        BigInteger payeeBefore = account.balanceOf(dUsdc, payee).units();
        TransferAuthorizationWallet signer = account.authorizations();
        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            GuardedWallet guarded = GuardedWallet.builder().agentId("token-buyer").wallet(account).wallet(signer).ledger(ledger)
                    .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(dUsdc, "1")).build()).build();
            PayingHttpClient client = PayingHttpClient.builder().tokenStore(new FileTokenStore(dir.resolve("tokens")))
                    .x402(X402Authenticator.builder().payer(new GuardedAuthorizationPayer(guarded, signer))
                            .maxPrice(dUsdc.contract().value(), BigInteger.valueOf(50_000)).build(), true).build();

            L402Response paid = client.fetch(HttpRequest.newBuilder(quote).build(), 1);

            assertThat(paid.response().statusCode()).isEqualTo(200);
            assertThat(new String(paid.response().body(), StandardCharsets.UTF_8)).contains("\"symbol\":\"BSR\"");
            assertThat(paid.tokenPayment().orElseThrow().state()).isEqualTo("SUCCEEDED");
            assertThat(paid.response().headers().firstValue("PAYMENT-RESPONSE")).isPresent();
            assertThat(account.balanceOf(dUsdc, payee).units()).isEqualTo(payeeBefore.add(BigInteger.valueOf(10_000)));
        }
    }
}
