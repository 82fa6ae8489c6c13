package dev.bursar.l402.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.install.ApertureBinary;
import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.ApertureProxy;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.l402.client.FileTokenStore;
import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.client.L402Exception;
import dev.bursar.l402.header.ChallengeParser;
import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.header.L402Challenge;
import dev.bursar.l402.lnd.GuardedInvoicePayer;
import dev.bursar.l402.macaroon.Caveat;
import dev.bursar.l402.macaroon.L402Identifier;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our {@link PayingHttpClient} buys from Lightning Labs' Aperture (built from its Go module) proxying a plain JDK HTTP
 * backend: Aperture mints its macaroons and invoices on bob's lnd, alice pays through her {@link GuardedWallet} over the
 * real alice→bob channel, and Aperture, not our code, decides whether the token is good.
 */
@WithDevnet({Component.LIGHTNING})
class ApertureInteropIT {

    /** Aperture's own Authorization parser ({@code l402/header.go}): lower-case hex, exactly 32 bytes of preimage. */
    private static final Pattern APERTURE_AUTH = Pattern.compile("(LSAT|L402) (.*?):([a-f0-9]{64})");
    private static final long QUOTE_PRICE_SATS = 10;
    private static final long PREMIUM_PRICE_SATS = 500;
    private static final long CLIENT_MAX_SATS = 100;

    private static HttpServer backend;
    private static final Queue<String> backendSaw = new ConcurrentLinkedQueue<>();
    private static ApertureProxy aperture;
    private static LndNode aliceNode;
    private static LndNode bobNode;

    @TempDir
    Path dir;

    private LightningWallet alice;
    private SpendLedger ledger;

    @BeforeAll
    static void startApertureInFrontOfABackend(Devnet devnet, @TempDir Path apertureDir) throws Exception {
        aliceNode = devnet.lightning().alice();
        bobNode = devnet.lightning().bob();
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            backendSaw.add(path);
            byte[] body = ("backend answer for " + path).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.setExecutor(Executors.newFixedThreadPool(8));
        backend.start();
        String backendAddress = "127.0.0.1:" + backend.getAddress().getPort();
        Path binary = ApertureBinary.ensure(BursarCache.fromEnvironment(), System.err);
        aperture = ApertureProxy.builder().binary(binary).dir(apertureDir.resolve("aperture")).payee(bobNode)
                .service(new ApertureProxy.Service("quotes", "^/quotes/.*$", backendAddress, QUOTE_PRICE_SATS, 3600,
                        "read", List.of("^/quotes/free$")))
                .service(new ApertureProxy.Service("premium", "^/premium/.*$", backendAddress, PREMIUM_PRICE_SATS, 0,
                        "", List.of()))
                .readinessPath("/quotes/ready")
                .start();
    }

    @AfterAll
    static void stopAll() {
        if (aperture != null) {
            aperture.close();
        }
        if (backend != null) {
            backend.stop(0);
            ((ExecutorService) backend.getExecutor()).shutdownNow();
        }
    }

    @BeforeEach
    void openWallet() throws Exception {
        LndConnection connection = LndConnection.builder().host(aliceNode.grpcHost()).port(aliceNode.grpcPort())
                .tlsCert(aliceNode.tlsCert()).macaroon(aliceNode.adminMacaroon()).build();
        alice = LightningWallet.builder().connection(connection).network(BitcoinNetwork.REGTEST).build();
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
        backendSaw.clear();
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private PayingHttpClient client(Path tokens) {
        GuardedWallet guarded = GuardedWallet.builder().agentId("buyer").wallet(alice).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(alice.asset(), 1_000_000)).build()).build();
        return PayingHttpClient.builder().payer(new GuardedInvoicePayer(guarded, alice)).tokenStore(new FileTokenStore(tokens))
                .maxPriceSats(CLIENT_MAX_SATS).build();
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(aperture.baseUri().resolve(path.replaceFirst("^/", ""))).GET().build();
    }

    /** Payments alice's own lnd has made (listpayments, SUCCEEDED), the truth behind our journal. */
    private static long aliceSucceededPayments() {
        long n = 0;
        for (JsonNode p : aliceNode.listPayments().path("payments")) {
            if ("SUCCEEDED".equals(p.path("status").asText())) {
                n++;
            }
        }
        return n;
    }

    private long journalSucceeded() {
        return ledger.all().stream().filter(e -> e.state() == EntryState.SUCCEEDED).count();
    }

    /** The token the client stored for aperture's quotes service (tokens are kept per origin and first path segment). */
    private static Optional<L402Authorization> storedQuotesToken(Path tokens) {
        return new FileTokenStore(tokens).get("http://127.0.0.1:" + aperture.baseUri().getPort() + "/quotes");
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void paysApertureOnceAndReusesTheTokenForTheNextRequest() throws Exception {
        long before = aliceSucceededPayments();
        Path tokens = dir.resolve("tokens.properties");
        PayingHttpClient client = client(tokens);

        HttpResponse<byte[]> first = client.send(get("/quotes/today"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(body(first)).isEqualTo("backend answer for /quotes/today");
        HttpResponse<byte[]> second = client.send(get("/quotes/tomorrow"));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(body(second)).isEqualTo("backend answer for /quotes/tomorrow");

        assertThat(aliceSucceededPayments() - before).as("payments in alice's lnd for two requests").isEqualTo(1);
        assertThat(journalSucceeded()).isEqualTo(1);
        assertThat(backendSaw).containsExactly("/quotes/today", "/quotes/tomorrow");

        L402Authorization token = storedQuotesToken(tokens).orElseThrow();
        String paymentHash = L402Identifier.decode(token.macaroon().identifier()).paymentHashHex();
        JsonNode invoice = bobNode.lookupInvoice(paymentHash);
        assertThat(invoice.path("state").asText()).as("aperture's invoice on bob").isEqualTo("SETTLED");
        assertThat(invoice.path("amt_paid_sat").asLong()).isEqualTo(QUOTE_PRICE_SATS);
        assertThat(invoice.path("memo").asText()).isEqualTo("L402");
    }

    @Test
    void theTokenWeSendIsInTheFormApertureParsesAndApertureAcceptsIt() throws Exception {
        Path tokens = dir.resolve("tokens-form.properties");
        assertThat(client(tokens).send(get("/quotes/a")).statusCode()).isEqualTo(200);
        L402Authorization token = storedQuotesToken(tokens).orElseThrow();

        String header = token.headerValue();
        Matcher m = APERTURE_AUTH.matcher(header);
        assertThat(m.matches()).as("'%s' matches aperture's regex", header).isTrue();
        assertThat(Base64.getDecoder().decode(m.group(2))).as("standard base64 with padding")
                .isEqualTo(token.macaroon().encode());

        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        backendSaw.clear();
        HttpResponse<String> accepted = plain.send(HttpRequest.newBuilder(aperture.baseUri().resolve("quotes/by-hand"))
                .header("Authorization", header).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as("aperture accepts our Authorization header alone").isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("backend answer for /quotes/by-hand");

        byte[] wrongPreimage = new byte[32];
        new SecureRandom().nextBytes(wrongPreimage);
        String forged = new L402Authorization(token.macaroon(), wrongPreimage).headerValue();
        HttpResponse<String> refused = plain.send(HttpRequest.newBuilder(aperture.baseUri().resolve("quotes/forged"))
                .header("Authorization", forged).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("aperture checks the preimage, so the test above could fail").isEqualTo(402);

        HttpResponse<String> otherService = plain.send(HttpRequest.newBuilder(aperture.baseUri().resolve("premium/x"))
                .header("Authorization", header).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(otherService.statusCode()).as("a quotes token does not open the premium service").isEqualTo(402);
        assertThat(backendSaw).containsExactly("/quotes/by-hand");
    }

    @Test
    void concurrentRequestsThroughApertureShareOnePayment() throws Exception {
        long before = aliceSucceededPayments();
        PayingHttpClient client = client(dir.resolve("tokens-concurrent.properties"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String path = "/quotes/n" + i;
                responses.add(pool.submit(() -> client.send(get(path))));
            }
            for (int i = 0; i < responses.size(); i++) {
                HttpResponse<byte[]> r = responses.get(i).get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(body(r)).isEqualTo("backend answer for /quotes/n" + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(aliceSucceededPayments() - before).as("payments in alice's lnd for 6 concurrent requests").isEqualTo(1);
        assertThat(journalSucceeded()).isEqualTo(1);
        assertThat(backendSaw).hasSize(6);
    }

    @Test
    void apertureChallengeParsesAndItsIdentifierIsForItsInvoice() throws Exception {
        HttpResponse<String> challenge = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(aperture.baseUri().resolve("quotes/peek")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(challenge.statusCode()).isEqualTo(402);
        List<String> raw = challenge.headers().allValues("WWW-Authenticate");
        assertThat(raw).as("aperture's raw challenge lines").hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(v -> assertThat(v).startsWith("LSAT macaroon=\""))
                .anySatisfy(v -> assertThat(v).startsWith("L402 macaroon=\""));

        List<L402Challenge> parsed = ChallengeParser.parse(raw);
        assertThat(parsed).extracting(L402Challenge::scheme).containsExactlyInAnyOrder("LSAT", "L402");
        L402Challenge l402 = parsed.stream().filter(c -> c.scheme().equals("L402")).findFirst().orElseThrow();
        assertThat(l402.macaroon().identifier()).hasSize(L402Identifier.LENGTH);
        assertThat(l402.macaroon().identifier()[0]).isZero();
        assertThat(l402.macaroon().identifier()[1]).as("identifier version 0").isZero();
        L402Identifier id = L402Identifier.decode(l402.macaroon().identifier());

        JsonNode invoice = bobNode.decodePayReq(l402.invoice());
        assertThat(id.paymentHashHex()).as("macaroon payment hash = invoice payment hash")
                .isEqualTo(invoice.path("payment_hash").asText());
        assertThat(invoice.path("num_satoshis").asLong()).isEqualTo(QUOTE_PRICE_SATS);
        assertThat(invoice.path("destination").asText()).as("bob's lnd issued it").isEqualTo(bobNode.pubkey());
        assertThat(l402.macaroon().location()).isEqualTo("lsat");
        assertThat(l402.macaroon().caveats()).extracting(Caveat::condition)
                .contains("services=quotes:0", "quotes_capabilities=read")
                .anySatisfy(c -> assertThat(c).startsWith("quotes_valid_until="));
        assertThat(backendSaw).as("an unpaid request never reaches the backend").isEmpty();
    }

    @Test
    void aPriceAboveTheClientsMaximumIsNotPaid() throws Exception {
        long before = aliceSucceededPayments();
        assertThatThrownBy(() -> client(dir.resolve("tokens-premium.properties")).send(get("/premium/report")))
                .isInstanceOf(L402Exception.class)
                .hasMessageContaining("the price " + PREMIUM_PRICE_SATS + " sat is above the maximum of "
                        + CLIENT_MAX_SATS + " sat per request; nothing was paid");
        assertThat(aliceSucceededPayments()).isEqualTo(before);
        assertThat(ledger.all()).as("nothing even reached the journal").isEmpty();
        assertThat(backendSaw).isEmpty();
    }

    @Test
    void aWhitelistedPathPassesWithoutPaying() throws Exception {
        long before = aliceSucceededPayments();
        Path tokens = dir.resolve("tokens-free.properties");
        HttpResponse<byte[]> free = client(tokens).send(get("/quotes/free"));
        assertThat(free.statusCode()).isEqualTo(200);
        assertThat(body(free)).isEqualTo("backend answer for /quotes/free");
        assertThat(aliceSucceededPayments()).isEqualTo(before);
        assertThat(ledger.all()).isEmpty();
        assertThat(storedQuotesToken(tokens)).as("no token bought").isEmpty();
        assertThat(backendSaw).containsExactly("/quotes/free");
    }
}
