package dev.bursar.l402.x402;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.l402.client.AuthorizationPayer;
import dev.bursar.l402.client.L402Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the client reads x402 challenges and which it refuses before anything is signed. The payer here only records
 * what it was asked to sign (the signing itself runs against anvil in the interop tests).
 */
class X402AuthenticatorTest {

    private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String SELLER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> signed = new ArrayList<>();
    private final AuthorizationPayer payer = new AuthorizationPayer() {
        @Override
        public long chainId() {
            return 31337;
        }

        @Override
        public SignedAuthorization authorize(String token, BigInteger units, String payTo, Duration validFor, String purpose,
                                             String idempotencyKey, String host) {
            signed.add(units + " of " + token + " to " + payTo + " for " + validFor.toSeconds() + "s");
            return new SignedAuthorization("entry-1", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", payTo, units.toString(), "0", "1767323045",
                    "0x" + "5e".repeat(32), "0x" + "ab".repeat(65));
        }

        @Override
        public TokenDomain domain(String token) {
            return new TokenDomain("Dev USD Coin", "2");
        }

        @Override
        public String confirm(String paymentId) {
            return "SUCCEEDED";
        }
    };
    private final X402Authenticator authenticator = X402Authenticator.builder().payer(payer).maxPrice(TOKEN, BigInteger.valueOf(50_000))
            .payee("127.0.0.1", SELLER).build();

    private HttpServer server;
    private final AtomicReference<String> header = new AtomicReference<>();
    private final AtomicReference<String> body = new AtomicReference<>("");
    private URI base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (header.get() != null) {
                exchange.getResponseHeaders().add(PaymentRequired.HEADER, header.get());
            }
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(402, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                exchange.getResponseBody().write(b);
            }
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<byte[]> challenge() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/paid")).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String requirement(String scheme, String network, String amount, String payTo) {
        return "{\"scheme\":\"" + scheme + "\",\"network\":\"" + network + "\",\"amount\":\"" + amount + "\",\"asset\":\"" + TOKEN
                + "\",\"payTo\":\"" + payTo + "\",\"maxTimeoutSeconds\":300,\"extra\":{\"name\":\"Dev USD Coin\",\"version\":\"2\"}}";
    }

    private static String v2(String resourceUrl, String... requirements) {
        String json = "{\"x402Version\":2,\"error\":\"Payment required\",\"resource\":{\"url\":\"" + resourceUrl + "\"},\"accepts\":["
                + String.join(",", requirements) + "]}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private X402Authenticator.Prepared prepare(HttpResponse<byte[]> response) {
        return authenticator.prepare(HttpRequest.newBuilder(base.resolve("/paid")).build(), PaymentRequired.from(response), "test");
    }

    @Test
    void paysTheCheapestAcceptableRequirementAndEchoesItVerbatim() throws Exception {
        String dear = requirement("exact", "eip155:31337", "20000", SELLER);
        String cheap = requirement("exact", "eip155:31337", "10000", SELLER);
        header.set(v2(base + "/paid", requirement("exact", "eip155:8453", "1", SELLER), dear, cheap));
        X402Authenticator.Prepared p = prepare(challenge());

        assertThat(p.header()).isEqualTo("PAYMENT-SIGNATURE");
        assertThat(signed).containsExactly("10000 of " + TOKEN + " to " + SELLER + " for 300s");
        var payload = JSON.readTree(Base64.getDecoder().decode(p.value()));
        assertThat(payload.path("x402Version").asInt()).isEqualTo(2);
        assertThat(payload.path("accepted")).isEqualTo(JSON.readTree(cheap));
        assertThat(payload.path("resource").path("url").asText()).isEqualTo(base + "/paid");
        assertThat(payload.path("payload").path("authorization").path("to").asText()).isEqualTo(SELLER);
        assertThat(payload.path("payload").path("authorization").path("nonce").asText()).isEqualTo("0x" + "5e".repeat(32));
    }

    @Test
    void aV1ChallengeInTheBodyIsReadAndAnsweredWithXPayment() throws Exception {
        body.set("{\"x402Version\":1,\"error\":\"X-PAYMENT header is required\",\"accepts\":[{\"scheme\":\"exact\",\"network\":\"base-sepolia\","
                + "\"maxAmountRequired\":\"10000\",\"resource\":\"" + base + "/paid\",\"description\":\"\",\"mimeType\":\"application/json\","
                + "\"payTo\":\"" + SELLER + "\",\"maxTimeoutSeconds\":60,\"asset\":\"" + TOKEN + "\",\"extra\":{\"name\":\"USDC\",\"version\":\"2\"}}]}");
        PaymentRequired challenge = PaymentRequired.from(challenge());
        assertThat(challenge.version()).isEqualTo(1);
        assertThat(challenge.accepts().get(0).chainId()).hasValue(84532);
        assertThat(challenge.accepts().get(0).amount()).isEqualTo(10_000);
        assertThatThrownBy(() -> authenticator.prepare(HttpRequest.newBuilder(base.resolve("/paid")).build(), challenge, "test"))
                .isInstanceOf(L402Exception.class).hasMessageContaining("network 'base-sepolia' is not this wallet's chain eip155:31337")
                .hasMessageContaining("nothing was paid");
        assertThat(signed).isEmpty();
    }

    @Test
    void badChallengesAreRefusedWithNothingSigned() throws Exception {
        record Case(String header, String expected) {
        }
        List<Case> cases = List.of(
                new Case("%%%not-base64%%%", "not base64"),
                new Case(Base64.getEncoder().encodeToString("{not json".getBytes(StandardCharsets.UTF_8)), "not valid JSON"),
                new Case(Base64.getEncoder().encodeToString("{\"x402Version\":3,\"accepts\":[]}".getBytes(StandardCharsets.UTF_8)), "version 3"),
                new Case(v2(base + "/paid"), "offers no way to pay"),
                new Case(v2(base + "/paid", requirement("upto", "eip155:31337", "10", SELLER)), "scheme 'upto' is not supported"),
                new Case(v2(base + "/paid", requirement("exact", "eip155:1", "10", SELLER)), "network 'eip155:1' is not this wallet's chain"),
                new Case(v2(base + "/paid", requirement("exact", "eip155:31337", "50001", SELLER)), "above this client's cap of 50000"),
                new Case(v2(base + "/paid", requirement("exact", "eip155:31337", "-5", SELLER)), "must be positive"),
                new Case(v2(base + "/paid", requirement("exact", "eip155:31337", "1.5", SELLER)), "not an integer of base units"),
                new Case(v2(base + "/paid", requirement("exact", "eip155:31337", "10", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")),
                        "is not the payee 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 configured for 127.0.0.1"),
                new Case(v2(base + "/paid", requirement("exact", "eip155:31337", "10", "0x1234")), "malformed address"),
                new Case(v2(base + "/paid", requirement("exact", "eip155:31337", "10", SELLER).replace("\"version\":\"2\"", "\"version\":\"1\"")),
                        "names the token's EIP-712 domain 'Dev USD Coin' version '1', but the contract"),
                new Case(v2("https://elsewhere.example/paid", requirement("exact", "eip155:31337", "10", SELLER)),
                        "sells elsewhere.example, not the requested host 127.0.0.1"));
        for (Case c : cases) {
            header.set(c.header());
            assertThatThrownBy(() -> prepare(challenge())).as(c.expected()).isInstanceOf(L402Exception.class)
                    .hasMessageContaining(c.expected()).hasMessageContaining("nothing was paid");
        }
        assertThat(signed).isEmpty();
    }
}
