package dev.bursar.l402.x402;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.DevAccount;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.x402.X402Buyer;
import dev.bursar.devnet.x402.X402Facilitator;
import dev.bursar.devnet.x402.X402Price;
import dev.bursar.devnet.x402.X402Seller;
import dev.bursar.l402.client.FileTokenStore;
import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.client.L402Exception;
import dev.bursar.l402.client.L402Response;
import dev.bursar.l402.evm.GuardedAuthorizationPayer;
import dev.bursar.l402.jaxrs.X402;
import dev.bursar.l402.jaxrs.X402RequestFilter;
import dev.bursar.l402.x402.server.HttpFacilitator;
import dev.bursar.l402.x402.server.X402Offer;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.evm.TransferAuthorizationWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.value.EvmAddress;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * x402 both ways against the reference packages on anvil: our paying client buys from an {@code @x402/express}
 * seller settling through a local {@code @x402/core} facilitator, and {@code @x402/fetch} buys from our Jakarta REST
 * filter through the same facilitator. Balances of the devnet's EIP-3009 token are read on chain.
 */
@WithDevnet({Component.EVM})
class X402InteropIT {

    private static final BigInteger PRICE = BigInteger.valueOf(10_000); // 0.01 dUSDC
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    java.nio.file.Path dir;

    private Devnet devnet;
    private X402Facilitator facilitator;
    private EvmWallet buyerAccount;
    private Asset.Erc20Token dUsdc;
    private SpendLedger ledger;

    @BeforeEach
    void setUp(Devnet devnet) throws Exception {
        this.devnet = devnet;
        facilitator = X402Facilitator.start(devnet, devnet.evm().accounts().get(4));
        DevAccount buyer = devnet.evm().accounts().get(2);
        buyerAccount = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId())
                .keys(EvmKeys.fromPrivateKey(buyer.privateKey())).build();
        dUsdc = buyerAccount.token(EvmAddress.of(devnet.contracts().get("DevUsdc")));
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
    }

    @AfterEach
    void tearDown() {
        facilitator.close();
        ledger.close();
    }

    private PayingHttpClient client(BigInteger policyCap) {
        TransferAuthorizationWallet signer = buyerAccount.authorizations();
        GuardedWallet guarded = GuardedWallet.builder().agentId("buyer").wallet(buyerAccount).wallet(signer).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(dUsdc, policyCap)).build()).build();
        X402Authenticator x402 = X402Authenticator.builder().payer(new GuardedAuthorizationPayer(guarded, signer))
                .maxPrice(dUsdc.contract().value(), BigInteger.valueOf(50_000)).build();
        return PayingHttpClient.builder().tokenStore(new FileTokenStore(dir.resolve("tokens"))).x402(x402, true).build();
    }

    private BigInteger balance(String address) {
        return buyerAccount.balanceOf(dUsdc, EvmAddress.of(address)).units();
    }

    @Test
    void ourClientPaysTheReferenceExpressSellerOnceAndTheTransferIsOnChain() throws Exception {
        String payTo = devnet.evm().accounts().get(3).address();
        try (X402Seller seller = X402Seller.start(devnet, facilitator.url(), X402Price.devUsdc(devnet, PRICE), payTo)) {
            BigInteger buyerBefore = balance(buyerAccount.address().value());
            BigInteger sellerBefore = balance(payTo);

            L402Response paid = client(BigInteger.valueOf(1_000_000)).fetch(HttpRequest.newBuilder(seller.paidUrl()).GET().build(), 1);

            assertThat(paid.response().statusCode()).isEqualTo(200);
            assertThat(new String(paid.response().body(), StandardCharsets.UTF_8)).contains("paid content");
            L402Response.TokenPayment payment = paid.tokenPayment().orElseThrow();
            assertThat(payment.transaction()).matches("0x[0-9a-f]{64}");
            assertThat(payment.state()).isEqualTo("SUCCEEDED");
            assertThat(balance(buyerAccount.address().value())).isEqualTo(buyerBefore.subtract(PRICE));
            assertThat(balance(payTo)).isEqualTo(sellerBefore.add(PRICE));
            LedgerEntry entry = ledger.entry(payment.paymentId()).orElseThrow();
            assertThat(entry.state()).isEqualTo(EntryState.SUCCEEDED);
            assertThat(entry.intent().target()).isInstanceOf(PaymentTarget.TransferAuthorization.class);
            assertThat(entry.outcome().orElseThrow().reference()).as("reconciled on chain to its settlement").isEqualTo(payment.transaction());
        }
    }

    @Test
    void aPaymentAboveThePolicyCapIsDeniedBeforeAnythingIsSigned() throws Exception {
        String payTo = devnet.evm().accounts().get(3).address();
        try (X402Seller seller = X402Seller.start(devnet, facilitator.url(), X402Price.devUsdc(devnet, PRICE), payTo)) {
            BigInteger sellerBefore = balance(payTo);
            assertThatThrownBy(() -> client(BigInteger.valueOf(5_000)).fetch(HttpRequest.newBuilder(seller.paidUrl()).GET().build(), 1))
                    .isInstanceOf(L402Exception.class).hasMessageContaining("denied").hasMessageContaining("per-transaction limit");
            assertThat(ledger.all()).extracting(LedgerEntry::state).containsExactly(EntryState.DENIED);
            assertThat(ledger.all().get(0).prepared()).as("no signature was made").isEmpty();
            assertThat(balance(payTo)).isEqualTo(sellerBefore);
        }
    }

    /** A resource our filter sells over x402. */
    @Path("/report")
    public static class Report {
        @GET
        @X402(service = "report")
        @Produces("application/json")
        public String report() {
            return "{\"report\":\"the paid report\"}";
        }
    }

    @Test
    void theReferenceFetchClientPaysOurFilterAndAReplayIsRefused() throws Exception {
        String payTo = devnet.evm().accounts().get(6).address();
        X402Offer offer = new X402Offer(devnet.evm().chainId(), dUsdc.contract(), "Dev USD Coin", "2", PRICE, EvmAddress.of(payTo), 60);
        X402RequestFilter filter = X402RequestFilter.builder().facilitator(new HttpFacilitator(facilitator.url(), Duration.ofSeconds(30)))
                .offer("report", offer).build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ContainerFactory.createContainer(JdkHttpHandlerContainer.class, new ResourceConfig(Report.class).register(filter)));
        server.start();
        try {
            URI report = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/report");
            HttpResponse<String> unpaid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(report).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unpaid.statusCode()).isEqualTo(402);
            var required = JSON.readTree(Base64.getDecoder().decode(unpaid.headers().firstValue("PAYMENT-REQUIRED").orElseThrow()));
            assertThat(required.path("accepts").get(0).path("amount").asText()).isEqualTo("10000");
            assertThat(required.path("accepts").get(0).path("network").asText()).isEqualTo("eip155:" + devnet.evm().chainId());

            DevAccount fetcher = devnet.evm().accounts().get(5);
            BigInteger fetcherBefore = balance(fetcher.address());
            BigInteger sellerBefore = balance(payTo);
            X402Buyer.Result bought = X402Buyer.of(devnet, fetcher).get(report, dUsdc.contract().value(), BigInteger.valueOf(50_000));
            assertThat(bought.status()).isEqualTo(200);
            assertThat(bought.body()).contains("the paid report");
            assertThat(bought.paymentResponse().success()).isTrue();
            assertThat(bought.paymentResponse().transaction()).matches("0x[0-9a-f]{64}");
            assertThat(balance(fetcher.address())).isEqualTo(fetcherBefore.subtract(PRICE));
            assertThat(balance(payTo)).isEqualTo(sellerBefore.add(PRICE));

            HttpResponse<String> bogus = HttpClient.newHttpClient().send(HttpRequest.newBuilder(report)
                    .header("PAYMENT-SIGNATURE", "%%%").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bogus.statusCode()).isEqualTo(402);
            assertThat(bogus.body()).contains("not base64 JSON");
            assertThat(balance(payTo)).as("nothing more was settled").isEqualTo(sellerBefore.add(PRICE));
        } finally {
            server.stop(0);
        }
    }
}
