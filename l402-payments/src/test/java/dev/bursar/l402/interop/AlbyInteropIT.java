package dev.bursar.l402.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.l402.header.ChallengeParser;
import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.header.L402Challenge;
import dev.bursar.l402.lnd.LndInvoiceIssuer;
import dev.bursar.l402.server.FileRootKeyStore;
import dev.bursar.l402.server.L402Authority;
import dev.bursar.l402.server.L402Gate;
import dev.bursar.l402.server.L402HttpHandler;
import dev.bursar.l402.server.PricedService;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alby's L402 client ({@code fetchWithL402} from npm @getalby/lightning-tools 9.0.1, run by node) buys from our
 * {@link L402HttpHandler}: bob sells with invoices from his LND, Alby's wallet pays them through alice's LND REST API.
 */
@WithDevnet({Component.LIGHTNING})
class AlbyInteropIT {

    private static final long PRICE_SATS = 21;
    private static final String BODY = "{\"forecast\":\"sunny\"}";

    @TempDir
    Path dir;

    private HttpServer server;
    private URI url;
    private RecordingInvoiceIssuer invoices;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger bursarLogger = Logger.getLogger("dev.bursar");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(new java.util.logging.SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void sell(Devnet devnet) throws Exception {
        bursarLogger.addHandler(capture);
        LndNode bob = devnet.lightning().bob();
        LightningWallet bobWallet = LightningWallet.builder().network(BitcoinNetwork.REGTEST).connection(LndConnection.builder()
                .host(bob.grpcHost()).port(bob.grpcPort()).tlsCert(bob.tlsCert()).macaroon(sellerMacaroon(bob)).build()).build();
        invoices = new RecordingInvoiceIssuer(new LndInvoiceIssuer(bobWallet, Duration.ofMinutes(10)));
        L402Gate gate = new L402Gate(new L402Authority(new FileRootKeyStore(dir.resolve("roots")), Clock.systemUTC()), invoices);
        PricedService weather = new PricedService("weather", 0, List.of(), PRICE_SATS, Duration.ofHours(1));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/weather", new L402HttpHandler(gate, weather, e -> weather.priceSats(), exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }));
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/weather/today");
    }

    /** The least the seller needs: issue invoices (the wallet also reads GetInfo and decodes the invoice it made). */
    private Path sellerMacaroon(LndNode bob) {
        return bob.bakeMacaroon(dir.resolve("seller.macaroon"), "info:read", "offchain:read", "invoices:read", "invoices:write");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        bursarLogger.removeHandler(capture);
    }

    @Test
    void albyPaysOnceThroughLndAndReusesItsCredentials(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        Path work = Files.createDirectories(dir.resolve("alby"));

        JsonNode report = AlbyFetch.install(work).buy(url, alice);

        assertThat(report.path("first").path("status").asInt()).isEqualTo(200);
        assertThat(report.path("first").path("body").asText()).isEqualTo(BODY);
        assertThat(report.path("first").path("paid").asBoolean()).isTrue();
        assertThat(report.path("first").path("amountSat").asLong()).isEqualTo(PRICE_SATS);
        assertThat(report.path("first").path("scheme").asText())
                .as("Alby reads both challenge lines joined and answers with the first one's scheme").isEqualTo("LSAT");
        assertThat(report.path("second").path("status").asInt()).as("the reused credentials still open the door").isEqualTo(200);
        assertThat(report.path("second").path("body").asText()).isEqualTo(BODY);
        assertThat(report.path("second").path("paid").asBoolean()).isFalse();
        assertThat(report.path("payments").asInt()).as("Alby's wallet paid once for both requests").isEqualTo(1);

        assertThat(invoices.issued()).as("one challenge, one invoice").hasSize(1);
        String hash = HexFormat.of().formatHex(invoices.issued().get(0).paymentHash());
        JsonNode invoice = bob.lookupInvoice(hash);
        assertThat(invoice.path("state").asText()).isEqualTo("SETTLED");
        assertThat(invoice.path("amt_paid_sat").asLong()).isEqualTo(PRICE_SATS);
        long alicePaid = StreamSupport.stream(alice.listPayments().path("payments").spliterator(), false)
                .filter(p -> p.path("payment_hash").asText().equals(hash) && p.path("status").asText().equals("SUCCEEDED")).count();
        assertThat(alicePaid).as("alice paid bob's invoice exactly once").isEqualTo(1);

        String preimage = invoice.path("r_preimage").asText();
        assertThat(preimage).hasSize(64);
        HttpResponse<String> replay = replayPreimageOnAFreshMacaroon(preimage);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).isEqualTo("{\"error\":\"the preimage does not match the macaroon's payment hash\"}");

        List<String> secrets = new ArrayList<>(List.of(preimage, base64OfHex(preimage)));
        for (String line : Files.readAllLines(dir.resolve("roots"))) {
            secrets.add(line.split(" ")[1]);
        }
        assertThat(logged).as("the rejection was logged").anyMatch(l -> l.contains("status=401"));
        for (String secret : secrets) {
            assertThat(logged).noneMatch(l -> l.contains(secret));
            assertThat(replay.body()).doesNotContain(secret);
            assertThat(Files.readString(work.resolve("node-stdout.log"))).doesNotContain(secret);
        }
    }

    /** Takes a fresh challenge and presents the preimage Alby paid for with it: a paid preimage buys only its own macaroon. */
    private HttpResponse<String> replayPreimageOnAFreshMacaroon(String preimageHex) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> challenge = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(challenge.statusCode()).isEqualTo(402);
        L402Challenge fresh = ChallengeParser.parse(challenge.headers().allValues("WWW-Authenticate")).get(1);
        String forged = new L402Authorization(fresh.macaroon(), HexFormat.of().parseHex(preimageHex)).headerValue();
        return http.send(HttpRequest.newBuilder(url).header("Authorization", forged).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base64OfHex(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
