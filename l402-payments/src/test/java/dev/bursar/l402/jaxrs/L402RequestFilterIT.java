package dev.bursar.l402.jaxrs;

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
import dev.bursar.l402.macaroon.L402Identifier;
import dev.bursar.l402.server.FileRootKeyStore;
import dev.bursar.l402.server.L402Authority;
import dev.bursar.l402.server.PricedService;
import dev.bursar.l402.server.VerifiedToken;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link L402RequestFilter} in a real Jakarta REST runtime (Jersey on the JDK HTTP server), selling with invoices from
 * bob's LND that alice pays over the devnet channel.
 */
@WithDevnet({Component.LIGHTNING})
class L402RequestFilterIT {

    /** The resources on sale. */
    @Path("/api")
    public static class Api {
        @GET
        @Path("quotes")
        @L402(service = "quotes", price = 10)
        public String quotes(@Context ContainerRequestContext request) {
            VerifiedToken token = (VerifiedToken) request.getProperty(L402RequestFilter.TOKEN_PROPERTY);
            return "quote for " + token.service() + " " + token.capabilities();
        }

        @GET
        @Path("reports/{period}")
        @L402(service = "reports", price = 5)
        public String report(@PathParam("period") String period) {
            return "report " + period;
        }

        @GET
        @Path("search")
        @L402(service = "search", price = 3)
        public String search() {
            return "results";
        }

        @GET
        @Path("flash")
        @L402(service = "flash")
        public String flash() {
            return "flash";
        }

        @GET
        @Path("free")
        public String free() {
            return "free";
        }
    }

    @TempDir
    java.nio.file.Path dir;

    private HttpServer server;
    private URI base;
    private LndNode alice;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger hookCalls = new AtomicInteger();

    @BeforeEach
    void start(Devnet devnet) throws Exception {
        alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        java.nio.file.Path sellerMacaroon = bob.bakeMacaroon(dir.resolve("seller.macaroon"), "info:read", "offchain:read", "invoices:read", "invoices:write");
        LightningWallet bobWallet = LightningWallet.builder().network(BitcoinNetwork.REGTEST).connection(LndConnection.builder()
                .host(bob.grpcHost()).port(bob.grpcPort()).tlsCert(bob.tlsCert()).macaroon(sellerMacaroon).build()).build();
        Map<String, Long> pathPrices = new LinkedHashMap<>();
        pathPrices.put("^/api/reports/annual$", 50L);
        L402RequestFilter filter = L402RequestFilter.builder()
                .authority(new L402Authority(new FileRootKeyStore(dir.resolve("roots")), Clock.systemUTC()))
                .invoices(new LndInvoiceIssuer(bobWallet, Duration.ofMinutes(10)))
                .service(new PricedService("quotes", 0, List.of("read"), 10, Duration.ofHours(1)))
                .service(new PricedService("flash", 0, List.of(), 1, Duration.ofSeconds(2)))
                .pathPricing(L402PathPricing.of(pathPrices))
                .priceHook((request, service, configured) -> {
                    hookCalls.incrementAndGet();
                    String pages = request.getUriInfo().getQueryParameters().getFirst("pages");
                    return service.equals("search") && pages != null ? configured * Long.parseLong(pages) : configured;
                })
                .build();
        ResourceConfig app = new ResourceConfig(Api.class).register(filter);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ContainerFactory.createContainer(JdkHttpHandlerContainer.class, app));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(String path, String... authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        for (String a : authorization) {
            b.header("Authorization", a);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static L402Challenge challenge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(402);
        return ChallengeParser.parse(response.headers().allValues("WWW-Authenticate")).get(1);
    }

    private long invoiceSats(L402Challenge c) {
        return alice.decodePayReq(c.invoice()).path("num_satoshis").asLong();
    }

    /** Alice pays the challenge's invoice and presents the token. */
    private String pay(L402Challenge c) {
        JsonNode payment = alice.payInvoice(c.invoice());
        assertThat(payment.path("status").asText()).isEqualTo("SUCCEEDED");
        return new L402Authorization(c.macaroon(), HexFormat.of().parseHex(payment.path("payment_preimage").asText())).headerValue();
    }

    @Test
    void challengesInAperturesTwoLineFormThenServesThePaidToken() throws Exception {
        HttpResponse<String> unpaid = get("/api/quotes");
        assertThat(unpaid.statusCode()).isEqualTo(402);
        assertThat(unpaid.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(unpaid.body()).isEqualTo("{\"error\":\"payment required\"}");
        List<String> lines = unpaid.headers().allValues("WWW-Authenticate");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("LSAT macaroon=\"[A-Za-z0-9+/]+=*\", invoice=\"lnbcrt[0-9a-z]+\"");
        assertThat(lines.get(1)).isEqualTo("L402" + lines.get(0).substring(4));
        L402Challenge c = challenge(unpaid);
        assertThat(invoiceSats(c)).isEqualTo(10);
        assertThat(alice.decodePayReq(c.invoice()).path("payment_hash").asText())
                .isEqualTo(L402Identifier.decode(c.macaroon().identifier()).paymentHashHex());

        String token = pay(c);
        HttpResponse<String> paid = get("/api/quotes", token);
        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(paid.body()).isEqualTo("quote for quotes [read]");
        assertThat(get("/api/free").body()).as("resources without @L402 stay free").isEqualTo("free");

        HttpResponse<String> elsewhere = get("/api/search", token);
        assertThat(elsewhere.statusCode()).isEqualTo(401);
        assertThat(elsewhere.body()).isEqualTo("{\"error\":\"this L402 token is for quotes:0, not for service search\"}");
        String wrongPreimage = token.substring(0, token.length() - 64) + "00".repeat(32);
        HttpResponse<String> forged = get("/api/quotes", wrongPreimage);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).isEqualTo("{\"error\":\"the preimage does not match the macaroon's payment hash\"}");
        HttpResponse<String> conflicting = get("/api/quotes", token, wrongPreimage);
        assertThat(conflicting.statusCode()).isEqualTo(401);
        assertThat(conflicting.body()).contains("conflicting L402 Authorization headers");
        HttpResponse<String> malformed = get("/api/quotes", "L402 " + c.macaroon().toBase64());
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(malformed.body()).contains("expected 'L402 <base64 macaroon>:<64 hex preimage>'");
        HttpResponse<String> bearer = get("/api/quotes", "Bearer abc");
        assertThat(challenge(bearer)).isNotNull();
        assertThat(bearer.body()).contains("Authorization scheme BEARER is not L402");
    }

    @Test
    void pathPricesFromConfigurationWinOverTheAnnotation() throws Exception {
        assertThat(invoiceSats(challenge(get("/api/reports/annual")))).isEqualTo(50);
        assertThat(invoiceSats(challenge(get("/api/reports/monthly")))).isEqualTo(5);
    }

    @Test
    void theDynamicPriceHookSetsTheInvoiceAndIsNotAskedForPaidRequests() throws Exception {
        L402Challenge c = challenge(get("/api/search?pages=7"));
        assertThat(invoiceSats(c)).as("3 sats a page, 7 pages").isEqualTo(21);
        String token = pay(c);
        int asked = hookCalls.get();
        HttpResponse<String> paid = get("/api/search?pages=7", token);
        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(paid.body()).isEqualTo("results");
        assertThat(hookCalls.get()).isEqualTo(asked);
    }

    @Test
    void anExpiredTokenIsChallengedAgain() throws Exception {
        L402Challenge c = challenge(get("/api/flash"));
        assertThat(invoiceSats(c)).as("the registered service's list price").isEqualTo(1);
        String token = pay(c);
        assertThat(get("/api/flash", token).statusCode()).isEqualTo(200);
        Thread.sleep(2_100);
        HttpResponse<String> expired = get("/api/flash", token);
        L402Challenge fresh = challenge(expired);
        assertThat(expired.body()).contains("this L402 token expired at").contains("pay again");
        assertThat(fresh.invoice()).isNotEqualTo(c.invoice());
    }

    @Test
    void aTokenOpensOnlyWhatItBought() throws Exception {
        String monthly = pay(challenge(get("/api/reports/monthly")));
        assertThat(get("/api/reports/monthly", monthly).statusCode()).isEqualTo(200);
        assertThat(get("/api/reports/weekly", monthly).body()).as("another 5-sat report of the same service").isEqualTo("report weekly");
        HttpResponse<String> dearer = get("/api/reports/annual", monthly);
        assertThat(invoiceSats(challenge(dearer))).as("a 5-sat token at the 50-sat path is asked to pay 50").isEqualTo(50);
        assertThat(dearer.body()).contains("this L402 token bought a 5-sat resource of reports");

        String annual = pay(challenge(get("/api/reports/annual")));
        assertThat(get("/api/reports/annual", annual).body()).isEqualTo("report annual");
        assertThat(get("/api/reports/monthly", annual).statusCode()).as("sold under the path rule ^/api/reports/annual$ only")
                .isEqualTo(402);
    }
}
