package dev.bursar.l402.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.l402.client.InvoicePayer;
import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.lnd.GuardedInvoicePayer;
import dev.bursar.l402.lnd.LndInvoiceIssuer;
import dev.bursar.l402.macaroon.Caveat;
import dev.bursar.l402.server.InvoiceIssuer;
import dev.bursar.l402.server.FileRootKeyStore;
import dev.bursar.l402.server.L402Authority;
import dev.bursar.l402.server.L402Gate;
import dev.bursar.l402.server.L402HttpHandler;
import dev.bursar.l402.server.PricedService;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aperture's own Go code buys from our {@link L402HttpHandler}: the driver in {@code src/test/go/l402goclient} reads
 * bob's challenge with the regex of Aperture's client, alice pays the invoice through her {@link GuardedWallet}, and the
 * driver answers with the "paid macaroon" ({@code preimage=} caveat added by {@code l402.AddFirstPartyCaveats}) in the
 * two {@code Authorization} lines {@code l402.SetHeader} writes. (lnget, the other Go client, is not on the Go module
 * proxy.)
 */
@WithDevnet({Component.LIGHTNING})
class ApertureGoClientIT {

    private static final long PRICE_SATS = 17;
    private static final String BODY = "{\"forecast\":\"rain\"}";

    @TempDir
    Path dir;

    private HttpServer server;
    private URI url;
    private LndNode aliceNode;
    private SpendLedger ledger;
    private InvoicePayer payer;
    private RecordingInvoiceIssuer invoices;
    private final List<List<String>> authorizations = new CopyOnWriteArrayList<>();

    private static LightningWallet wallet(LndNode node) {
        return LightningWallet.builder().network(BitcoinNetwork.REGTEST).connection(LndConnection.builder().host(node.grpcHost())
                .port(node.grpcPort()).tlsCert(node.tlsCert()).macaroon(node.adminMacaroon()).build()).build();
    }

    @BeforeEach
    void sell(Devnet devnet) throws Exception {
        invoices = new RecordingInvoiceIssuer(new LndInvoiceIssuer(wallet(devnet.lightning().bob()), Duration.ofMinutes(10)));
        L402Gate gate = new L402Gate(new L402Authority(new FileRootKeyStore(dir.resolve("roots")), Clock.systemUTC()), invoices);
        PricedService weather = new PricedService("weather", 0, List.of(), PRICE_SATS, Duration.ofHours(1));
        HttpHandler gated = new L402HttpHandler(gate, weather, e -> weather.priceSats(), exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/weather", exchange -> {
            authorizations.add(List.copyOf(exchange.getRequestHeaders().getOrDefault("Authorization", List.of())));
            gated.handle(exchange);
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/weather/today");

        aliceNode = devnet.lightning().alice();
        LightningWallet alice = wallet(aliceNode);
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
        GuardedWallet guarded = GuardedWallet.builder().agentId("go-client").wallet(alice).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(alice.asset(), 1_000_000)).build()).build();
        payer = new GuardedInvoicePayer(guarded, alice);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ledger.close();
    }

    @Test
    void aperturesPaidMacaroonInLsatAndL402LinesBuysTheResource() throws Exception {
        Purchase purchase = buy(false);

        assertThat(purchase.result().path("status").asInt()).isEqualTo(200);
        assertThat(purchase.result().path("body").asText()).isEqualTo(BODY);
        assertThat(authorizations).as("the unpaid request, then the paid one").hasSize(2);
        assertThat(authorizations.get(0)).isEmpty();
        List<String> sent = authorizations.get(1);
        assertThat(sent).as("l402.SetHeader writes an LSAT line, then an L402 line").hasSize(2);
        assertThat(sent.get(0)).startsWith("LSAT ");
        assertThat(sent.get(1)).startsWith("L402 ");
        assertThat(sent.get(0).substring(5)).isEqualTo(sent.get(1).substring(5));
        L402Authorization credential = L402Authorization.fromHeaders(List.of(sent.get(1)));
        assertThat(credential.preimageHex()).isEqualTo(purchase.preimage());
        assertThat(credential.macaroon().caveats()).extracting(Caveat::condition)
                .as("the paid macaroon: the minted caveats plus the client's preimage caveat, last")
                .endsWith("preimage=" + purchase.preimage()).filteredOn(c -> c.startsWith("preimage=")).hasSize(1);
        assertExactlyOnePayment();
    }

    @Test
    void aPreimageCaveatThatNamesAnotherPreimageIsRefused() throws Exception {
        Purchase purchase = buy(true);

        assertThat(purchase.result().path("status").asInt()).isEqualTo(401);
        assertThat(purchase.result().path("body").asText())
                .isEqualTo("{\"error\":\"the macaroon's preimage caveat does not match the preimage after the colon\"}");
        assertThat(authorizations).as("the driver tried once and stopped").hasSize(2);
        assertThat(invoices.issued()).as("a refused credential gets no new invoice").hasSize(1);
        assertExactlyOnePayment();
    }

    /** The paid preimage (hex) and the driver's report of its paid request. */
    private record Purchase(String preimage, JsonNode result) {
    }

    /**
     * Runs the Go driver against the resource: checks the challenge it read names the invoice bob issued, pays that
     * invoice from alice and hands the driver the preimage.
     */
    private Purchase buy(boolean tamper) throws Exception {
        try (ApertureGoClient.Run run = ApertureGoClient.build().start(url, tamper, dir)) {
            JsonNode challenge = run.challenge();
            assertThat(invoices.issued()).hasSize(1);
            InvoiceIssuer.IssuedInvoice invoice = invoices.issued().get(0);
            String hash = HexFormat.of().formatHex(invoice.paymentHash());
            assertThat(challenge.path("scheme").asText()).as("the regex matches the first line, as in Aperture's client").isEqualTo("LSAT");
            assertThat(challenge.path("invoice").asText()).isEqualTo(invoice.bolt11());
            assertThat(challenge.path("paymentHash").asText()).as("aperture's l402.DecodeIdentifier reads our macaroon").isEqualTo(hash);
            byte[] preimage = payer.pay(invoice.bolt11(), payer.decode(invoice.bolt11()).amountMsat(), "aperture go client interop", "go-client-" + hash);
            String preimageHex = HexFormat.of().formatHex(preimage);
            return new Purchase(preimageHex, run.pay(preimageHex));
        }
    }

    private void assertExactlyOnePayment() {
        String hash = HexFormat.of().formatHex(invoices.issued().get(0).paymentHash());
        assertThat(ledger.all()).extracting(e -> e.state()).containsExactly(EntryState.SUCCEEDED);
        long alicePaid = StreamSupport.stream(aliceNode.listPayments().path("payments").spliterator(), false)
                .filter(p -> p.path("payment_hash").asText().equals(hash) && p.path("status").asText().equals("SUCCEEDED")).count();
        assertThat(alicePaid).as("alice paid bob's invoice exactly once").isEqualTo(1);
    }
}
