package dev.bursar.l402.lnd;

import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.l402.client.FileTokenStore;
import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.client.L402Exception;
import dev.bursar.l402.client.L402InvoiceExpiredException;
import dev.bursar.l402.client.L402PaymentHeldException;
import dev.bursar.l402.client.L402ServiceBlockedException;
import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.server.ChallengeLimits;
import dev.bursar.l402.server.FileRootKeyStore;
import dev.bursar.l402.server.L402Purchase;
import dev.bursar.l402.server.InvoiceIssuer;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An agent buys access to an L402-metered API on the devnet: bob sells through {@link L402HttpHandler} with invoices
 * from his LND, alice's {@link PayingHttpClient} pays through her {@link GuardedWallet} over the real alice→bob channel.
 */
@WithDevnet({Component.LIGHTNING})
class L402OverLightningIT {

    @TempDir
    Path dir;

    private HttpServer server;
    private LightningWallet alice;
    private LndNode aliceNode;
    private LightningWallet bob;
    private SpendLedger ledger;
    private URI base;

    private static LightningWallet wallet(LndNode node) {
        LndConnection connection = LndConnection.builder().host(node.grpcHost()).port(node.grpcPort())
                .tlsCert(node.tlsCert()).macaroon(node.adminMacaroon()).build();
        return LightningWallet.builder().connection(connection).network(BitcoinNetwork.REGTEST).build();
    }

    @BeforeEach
    void setUp(Devnet devnet) throws Exception {
        aliceNode = devnet.lightning().alice();
        alice = wallet(aliceNode);
        bob = wallet(devnet.lightning().bob());
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        L402Gate gate = new L402Gate(new L402Authority(new FileRootKeyStore(dir.resolve("roots")), Clock.systemUTC()),
                new LndInvoiceIssuer(bob, Duration.ofMinutes(10)));
        PricedService quotes = new PricedService("quotes", 0, List.of("read"), 10, Duration.ofHours(1));
        server.createContext("/quotes", new L402HttpHandler(gate, quotes, e -> quotes.priceSats(), exchange -> {
            byte[] body = "{\"quote\":42}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }));
        PricedService weather = new PricedService("weather", 0, List.of(), 10, Duration.ofSeconds(2));
        server.createContext("/weather", new L402HttpHandler(gate, weather, e -> weather.priceSats(), exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        ledger.close();
    }

    private PayingHttpClient client(long maxPolicySats, long maxPriceSats, Path tokens) {
        GuardedWallet guarded = GuardedWallet.builder().agentId("buyer").wallet(alice).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(alice.asset(), maxPolicySats * 1000)).build()).build();
        return PayingHttpClient.builder().payer(new GuardedInvoicePayer(guarded, alice)).tokenStore(new FileTokenStore(tokens))
                .maxPriceSats(maxPriceSats).build();
    }

    private long settledPayments() {
        return ledger.all().stream().filter(e -> e.state() == EntryState.SUCCEEDED).count();
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).GET().build();
    }

    @Test
    void paysOnceThenReusesTheTokenAcrossRestarts() throws Exception {
        Path tokens = dir.resolve("tokens.properties");
        PayingHttpClient client = client(1000, 100, tokens);
        HttpResponse<byte[]> first = client.send(get(base.resolve("/quotes/today")));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"quote\":42}");
        assertThat(settledPayments()).isEqualTo(1);

        assertThat(client.send(get(base.resolve("/quotes/tomorrow"))).statusCode()).isEqualTo(200);
        PayingHttpClient restarted = client(1000, 100, tokens);
        assertThat(restarted.send(get(base.resolve("/quotes/today"))).statusCode()).isEqualTo(200);
        assertThat(settledPayments()).as("one payment bought every later request").isEqualTo(1);
    }

    @Test
    void concurrentRequestsShareOnePayment() throws Exception {
        PayingHttpClient client = client(1000, 100, dir.resolve("tokens-concurrent.properties"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(pool.submit(() -> client.send(get(base.resolve("/quotes/now"))).statusCode()));
        }
        for (Future<Integer> s : statuses) {
            assertThat(s.get()).isEqualTo(200);
        }
        pool.shutdown();
        assertThat(settledPayments()).isEqualTo(1);
    }

    @Test
    void refusesToPayAboveTheMaximumOrAgainstPolicy() {
        assertThatThrownBy(() -> client(1000, 5, dir.resolve("t1")).send(get(base.resolve("/quotes/x"))))
                .isInstanceOf(L402Exception.class).hasMessageContaining("above the maximum of 5 sat per request");
        assertThatThrownBy(() -> client(5, 100, dir.resolve("t2")).send(get(base.resolve("/quotes/x"))))
                .isInstanceOf(L402Exception.class).hasMessageContaining("denied");
        assertThat(settledPayments()).isZero();
        assertThat(ledger.all()).extracting(e -> e.state()).containsExactly(EntryState.DENIED);
    }

    @Test
    void refusesAChallengeWhoseMacaroonIsNotForTheInvoice() throws Exception {
        L402Authority authority = new L402Authority(new FileRootKeyStore(dir.resolve("evil-roots")), Clock.systemUTC());
        InvoiceIssuer issuer = new LndInvoiceIssuer(bob, Duration.ofMinutes(10));
        server.createContext("/evil", exchange -> {
            InvoiceIssuer.IssuedInvoice forMacaroon = issuer.issue(10, "decoy");
            InvoiceIssuer.IssuedInvoice charged = issuer.issue(10, "charged");
            var macaroon = authority.mint(new PricedService("evil", 0, List.of(), 10, Duration.ZERO), forMacaroon.paymentHash(), List.of());
            L402Authority.challengeHeaders(macaroon, charged.bolt11()).forEach(h -> exchange.getResponseHeaders().add("WWW-Authenticate", h));
            exchange.sendResponseHeaders(402, -1);
            exchange.close();
        });
        assertThatThrownBy(() -> client(1000, 100, dir.resolve("t3")).send(get(base.resolve("/evil"))))
                .isInstanceOf(L402Exception.class).hasMessageContaining("not the invoice's");
        assertThat(ledger.all()).isEmpty();
    }

    @Test
    void aBodyAboveTheLimitIsRefusedWithoutFillingTheHeap() throws Exception {
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, no length announced
            byte[] chunk = new byte[64 * 1024];
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) { // 4 MiB
                    out.write(chunk);
                }
            } catch (java.io.IOException clientGaveUp) {
                // the client cancels the transfer past its limit
            }
        });
        GuardedWallet guarded = GuardedWallet.builder().agentId("buyer").wallet(alice).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(alice.asset(), 100_000)).build()).build();
        PayingHttpClient small = PayingHttpClient.builder().payer(new GuardedInvoicePayer(guarded, alice)).tokenStore(new FileTokenStore(dir.resolve("t5")))
                .maxResponseBytes(1 << 20).build();
        assertThatThrownBy(() -> small.send(get(base.resolve("/endless"))))
                .isInstanceOf(L402Exception.class).hasMessageContaining("larger than this client's limit of 1048576 bytes");
        assertThat(small.send(get(base.resolve("/quotes/x"))).body()).asString(StandardCharsets.UTF_8).contains("42");
    }

    /** The challenge of Alby's js-lightning-tools tests: an Aperture macaroon and its matching mainnet invoice. */
    private static final String MAINNET_MACAROON = "AgEEbHNhdAJCAAAClGOZrh7C569Yc7UMk8merfnMdIviyXr1qscW7VgpChNl21LkZ8Jex5QiPp+E1VaabeJDuWmlrh/"
            + "j583axFpNAAIXc2VydmljZXM9cmFuZG9tbnVtYmVyOjAAAiZyYW5kb21udW1iZXJfY2FwYWJpbGl0aZVzPWFkZCxzdWJ0cmFjdAAABiAvFpzXGyc+8d/I9nMKKvAYP8w7kUlhuxS0eFN2sqmqHQ==";
    private static final String MAINNET_INVOICE = "lnbc100n1pjkse4mpp5q22x8xdwrmpw0t6cww6sey7fn6klnnr5303vj7h44tr3dm2c9y9qdq8f4f5z4qcqzzsxqyz5vqsp5"
            + "mmhp6cx4xxysc8xvxaj984eue9pm83lxgezmk3umx6wxr9rrq2ns9qyyssqmmrrwthves6z3d85nafj2ds4z20qju2vpaatep8uwrvxz0xs4kznm99m7f6pmkzax09k2k9"
            + "saldy34z0p0l8gm0zm5xsmg2g667pnlqp7a0qdz";

    @Test
    void refusesAnInvoiceForAnotherNetwork() throws Exception {
        server.createContext("/mainnet", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "LSAT macaroon=\"" + MAINNET_MACAROON + "\", invoice=\"" + MAINNET_INVOICE + "\"");
            exchange.getResponseHeaders().add("WWW-Authenticate", "L402 macaroon=\"" + MAINNET_MACAROON + "\", invoice=\"" + MAINNET_INVOICE + "\"");
            exchange.sendResponseHeaders(402, -1);
            exchange.close();
        });
        int paymentsBefore = aliceNode.listPayments().path("payments").size();
        assertThatThrownBy(() -> client(1000, 100, dir.resolve("t4")).send(get(base.resolve("/mainnet"))))
                .isInstanceOf(L402Exception.class).hasMessageContaining("cannot be paid by this wallet").hasMessageContaining("nothing was paid");
        assertThat(ledger.all()).isEmpty();
        assertThat(aliceNode.listPayments().path("payments").size()).isEqualTo(paymentsBefore);
    }

    @Test
    void aTokenIsOnlyGoodForItsServiceAndPaysAgainOnceWhenExpired() throws Exception {
        Path tokens = dir.resolve("tokens-expiry.properties");
        PayingHttpClient client = client(1000, 100, tokens);
        assertThat(client.send(get(base.resolve("/quotes/a"))).statusCode()).isEqualTo(200);
        L402Authorization quotesToken = new FileTokenStore(tokens).get(base.getScheme() + "://127.0.0.1:" + base.getPort() + "/quotes").orElseThrow();
        HttpResponse<String> reused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/weather/today"))
                .header("Authorization", quotesToken.headerValue()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.body()).contains("not for service weather");

        assertThat(client.send(get(base.resolve("/weather/today"))).statusCode()).isEqualTo(204);
        long paid = settledPayments();
        Thread.sleep(2_100);
        assertThat(client.send(get(base.resolve("/weather/today"))).statusCode()).as("an expired token is bought again").isEqualTo(204);
        assertThat(settledPayments()).isEqualTo(paid + 1);
    }

    /** A context that answers every request, paid or not, with a fresh challenge from bob's node. */
    private void challengeForever(String context, PricedService service, InvoiceIssuer issuer) {
        L402Authority authority = new L402Authority(new FileRootKeyStore(dir.resolve(context.substring(1) + "-roots")), Clock.systemUTC());
        server.createContext(context, exchange -> {
            InvoiceIssuer.IssuedInvoice invoice = issuer.issue(service.priceSats(), "refuses every token");
            var macaroon = authority.mint(service, invoice.paymentHash(), List.of());
            L402Authority.challengeHeaders(macaroon, invoice.bolt11()).forEach(h -> exchange.getResponseHeaders().add("WWW-Authenticate", h));
            exchange.sendResponseHeaders(402, -1);
            exchange.close();
        });
    }

    @Test
    void aServiceThatRefusesAPaidTokenIsBlockedUntilAPersonClearsIt() throws Exception {
        challengeForever("/liar", new PricedService("liar", 0, List.of(), 10, Duration.ZERO), new LndInvoiceIssuer(bob, Duration.ofMinutes(10)));
        Path tokens = dir.resolve("tokens-liar.properties");
        assertThatThrownBy(() -> client(1000, 100, tokens).send(get(base.resolve("/liar/data"))))
                .isInstanceOf(L402ServiceBlockedException.class).hasMessageContaining("not paying again");
        assertThat(settledPayments()).isEqualTo(1);
        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> client(1000, 100, tokens).send(get(base.resolve("/liar/data"))))
                    .as("later calls, also after a restart, pay nothing").isInstanceOf(L402ServiceBlockedException.class)
                    .hasMessageContaining("blocked for this agent until a person clears it");
        }
        assertThat(settledPayments()).isEqualTo(1);
        assertThat(client(1000, 100, tokens).send(get(base.resolve("/quotes/today"))).statusCode())
                .as("other services of the host are not blocked").isEqualTo(200);
        assertThat(settledPayments()).isEqualTo(2);

        PayingHttpClient cleared = client(1000, 100, tokens);
        assertThat(cleared.clearBlock(base.resolve("/liar/other"))).isTrue();
        assertThatThrownBy(() -> cleared.send(get(base.resolve("/liar/data")))).isInstanceOf(L402ServiceBlockedException.class);
        assertThat(settledPayments()).as("after a person cleared it, one more price for it, then blocked again").isEqualTo(3);
    }

    @Test
    void anExpiredInvoiceIsRefusedByTheClientWithNothingPaid() throws Exception {
        InvoiceIssuer.IssuedInvoice stale = new LndInvoiceIssuer(bob, Duration.ofSeconds(1)).issue(10, "stale");
        L402Authority authority = new L402Authority(new FileRootKeyStore(dir.resolve("stale-roots")), Clock.systemUTC());
        var macaroon = authority.mint(new PricedService("stale", 0, List.of(), 10, Duration.ZERO), stale.paymentHash(), List.of());
        server.createContext("/stale", exchange -> {
            L402Authority.challengeHeaders(macaroon, stale.bolt11()).forEach(h -> exchange.getResponseHeaders().add("WWW-Authenticate", h));
            exchange.sendResponseHeaders(402, -1);
            exchange.close();
        });
        Thread.sleep(1_500);
        int paymentsBefore = aliceNode.listPayments().path("payments").size();
        assertThatThrownBy(() -> client(1000, 100, dir.resolve("t-stale")).send(get(base.resolve("/stale"))))
                .isInstanceOf(L402InvoiceExpiredException.class).hasMessageContaining("expired at").hasMessageContaining("nothing was paid");
        assertThat(ledger.all()).as("not even a journal entry: the wallet was never asked").isEmpty();
        assertThat(aliceNode.listPayments().path("payments").size()).isEqualTo(paymentsBefore);
    }

    @Test
    void everyServiceHasABudgetInTheWalletsPolicyEvenWhenNoneIsSet() throws Exception {
        PricedService meter = new PricedService("meter", 0, List.of(), 10, Duration.ofHours(1));
        L402Gate gate = new L402Gate(new L402Authority(new FileRootKeyStore(dir.resolve("meter-roots")), Clock.systemUTC()),
                new LndInvoiceIssuer(bob, Duration.ofMinutes(10)));
        int payments = PaymentPolicy.Builder.DEFAULT_SERVICE_BUDGET_PAYMENTS;
        for (int i = 0; i <= payments; i++) {
            server.createContext("/m" + i, new L402HttpHandler(gate, meter, e -> meter.priceSats(), exchange -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }));
        }
        // 10 sat plus a routing fee limit of at most 10 sat: a 20-sat limit per payment, so 200 sat a day per service
        PayingHttpClient client = client(20, 10, dir.resolve("t-meter"));
        for (int i = 0; i < payments; i++) { // each path is a scope of its own: a payment each
            assertThat(client.send(get(base.resolve("/m" + i))).statusCode()).isEqualTo(204);
        }
        assertThatThrownBy(() -> client.send(get(base.resolve("/m" + payments))))
                .isInstanceOf(L402Exception.class).hasMessageContaining("daily budget of").hasMessageContaining("for the API at 127.0.0.1");
        assertThat(settledPayments()).isEqualTo(payments);
        assertThat(ledger.all()).filteredOn(e -> e.state() == EntryState.DENIED).singleElement()
                .satisfies(e -> assertThat(e.rule()).isEqualTo("service-budget"));
    }

    @Test
    void challengesAreBoundedPerClientAndOutstandingInvoicesInTotal() throws Exception {
        L402Authority authority = new L402Authority(new FileRootKeyStore(dir.resolve("flood-roots")), Clock.systemUTC());
        L402Gate gate = new L402Gate(authority, new LndInvoiceIssuer(bob, Duration.ofMinutes(10)),
                new ChallengeLimits(3, 5, Duration.ofMinutes(10)), Clock.systemUTC());
        PricedService quotes = new PricedService("quotes", 0, List.of(), 10, Duration.ofHours(1));
        java.util.function.Function<String, L402Purchase> from = client -> new L402Purchase(quotes, 10, "/quotes", java.util.Optional.empty(), client);
        List<L402Gate.Decision.Challenge> issued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            issued.add((L402Gate.Decision.Challenge) gate.check(from.apply("10.0.0.1"), () -> 10, List.of()));
        }
        assertThat(gate.check(from.apply("10.0.0.1"), () -> 10, List.of())).isInstanceOfSatisfying(L402Gate.Decision.TooManyRequests.class,
                t -> assertThat(t.retryAfterSeconds()).isBetween(1L, 60L));
        for (int i = 0; i < 2; i++) {
            issued.add((L402Gate.Decision.Challenge) gate.check(from.apply("10.0.0.2"), () -> 10, List.of()));
        }
        assertThat(gate.check(from.apply("10.0.0.3"), () -> 10, List.of()))
                .isEqualTo(new L402Gate.Decision.Unavailable("too many unpaid invoices are outstanding; try again later"));
        assertThat(gate.outstandingInvoices()).isEqualTo(5);

        var challenge = dev.bursar.l402.header.ChallengeParser.parse(issued.get(0).wwwAuthenticate()).get(1);
        var payment = aliceNode.payInvoice(challenge.invoice());
        L402Authorization token = new L402Authorization(challenge.macaroon(),
                java.util.HexFormat.of().parseHex(payment.path("payment_preimage").asText()));
        assertThat(gate.check(from.apply("10.0.0.1"), () -> 10, List.of(token.headerValue()))).isInstanceOf(L402Gate.Decision.Pass.class);
        assertThat(gate.outstandingInvoices()).as("a paid invoice is no longer outstanding").isEqualTo(4);
        assertThat(gate.check(from.apply("10.0.0.3"), () -> 10, List.of())).isInstanceOf(L402Gate.Decision.Challenge.class);
    }

    /** A buyer whose policy holds every API payment for a person's approval (above 1 sat); a new one per "restart". */
    private GuardedWallet approvingWallet() {
        return GuardedWallet.builder().agentId("buyer").wallet(alice).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(alice.asset(), 1_000_000))
                        .approvalAbove(Amount.ofUnits(alice.asset(), 1_000)).build()).build();
    }

    private PayingHttpClient approvingClient(GuardedWallet guarded, Path tokens) {
        return PayingHttpClient.builder().payer(new GuardedInvoicePayer(guarded, alice)).tokenStore(new FileTokenStore(tokens)).maxPriceSats(100).build();
    }

    @Test
    void aPurchaseHeldForApprovalCompletesAfterApprovalWithTheTokenItBoughtEvenAfterARestart() throws Exception {
        Path tokens = dir.resolve("tokens-held.properties");
        GuardedWallet guarded = approvingWallet();
        PayingHttpClient client = approvingClient(guarded, tokens);
        String paymentId = catchHeld(() -> client.send(get(base.resolve("/quotes/today")))).paymentId();
        assertThat(guarded.pendingApprovals()).extracting(e -> e.id()).containsExactly(paymentId);
        catchHeld(() -> client.send(get(base.resolve("/quotes/today"))));
        assertThat(ledger.all()).as("asking again while it waits proposes no second payment").hasSize(1);

        assertThat(guarded.approve(paymentId, "owner").state()).isEqualTo(EntryState.SUCCEEDED);
        GuardedWallet afterRestart = approvingWallet();
        HttpResponse<byte[]> response = approvingClient(afterRestart, tokens).send(get(base.resolve("/quotes/today")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"quote\":42}");
        assertThat(approvingClient(afterRestart, tokens).send(get(base.resolve("/quotes/tomorrow"))).statusCode()).isEqualTo(200);
        assertThat(ledger.all()).as("the approved payment bought the token: nothing was paid twice").hasSize(1);
        assertThat(settledPayments()).isEqualTo(1);
    }

    @Test
    void aRejectedHeldPurchaseIsForgottenAndTheNextCallAsksForANewPrice() throws Exception {
        Path tokens = dir.resolve("tokens-rejected.properties");
        GuardedWallet guarded = approvingWallet();
        PayingHttpClient client = approvingClient(guarded, tokens);
        String first = catchHeld(() -> client.send(get(base.resolve("/quotes/today")))).paymentId();
        guarded.reject(first, "owner", "not today");
        assertThatThrownBy(() -> client.send(get(base.resolve("/quotes/today")))).isInstanceOf(L402Exception.class)
                .isNotInstanceOf(L402PaymentHeldException.class).hasMessageContaining("ended unpaid").hasMessageContaining("nothing was paid");
        String second = catchHeld(() -> client.send(get(base.resolve("/quotes/today")))).paymentId();
        assertThat(second).isNotEqualTo(first);
        assertThat(settledPayments()).isZero();
    }

    @Test
    void concurrentCallsWhileAPaymentIsHeldStartNoSecondPayment() throws Exception {
        Path tokens = dir.resolve("tokens-held-concurrent.properties");
        PayingHttpClient client = approvingClient(approvingWallet(), tokens);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(pool.submit(() -> catchHeld(() -> client.send(get(base.resolve("/quotes/now"))))));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        pool.shutdown();
        assertThat(ledger.all()).as("one held payment, however many calls asked at once").hasSize(1);
    }

    @Test
    void aServiceThatRefusesTheTokenAnApprovedPaymentBoughtIsBlockedNotPaidAgain() throws Exception {
        challengeForever("/liar2", new PricedService("liar2", 0, List.of(), 10, Duration.ZERO), new LndInvoiceIssuer(bob, Duration.ofMinutes(10)));
        Path tokens = dir.resolve("tokens-held-liar.properties");
        GuardedWallet guarded = approvingWallet();
        String held = catchHeld(() -> approvingClient(guarded, tokens).send(get(base.resolve("/liar2/data")))).paymentId();
        assertThat(guarded.approve(held, "owner").state()).isEqualTo(EntryState.SUCCEEDED);
        assertThatThrownBy(() -> approvingClient(approvingWallet(), tokens).send(get(base.resolve("/liar2/data"))))
                .isInstanceOf(L402ServiceBlockedException.class).hasMessageContaining("approved payment");
        assertThat(ledger.all()).as("the approved payment, and no other").hasSize(1);
    }

    @Test
    void aCrashAfterTheWalletPaidButBeforeTheTokenWasStoredLosesNothing() throws Exception {
        // what a client records before it asks the wallet: the challenge and the payment's idempotency key
        HttpResponse<byte[]> challenged = HttpClient.newHttpClient().send(get(base.resolve("/quotes/today")), HttpResponse.BodyHandlers.ofByteArray());
        var challenge = dev.bursar.l402.header.ChallengeParser.parse(challenged.headers().allValues("WWW-Authenticate")).stream()
                .filter(c -> c.scheme().equals("L402")).findFirst().orElseThrow();
        String key = "l402-" + dev.bursar.l402.macaroon.L402Identifier.decode(challenge.macaroon().identifier()).paymentHashHex();
        Path tokens = dir.resolve("tokens-crash.properties");
        new FileTokenStore(tokens).hold("http://127.0.0.1:" + base.getPort() + "/quotes", new dev.bursar.l402.client.HeldPurchase(challenge.macaroon(), key));
        // the wallet paid (journaled, settled), then the process died before the token was stored
        GuardedWallet guarded = GuardedWallet.builder().agentId("buyer").wallet(alice).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(alice.asset(), 1_000_000)).build()).build();
        new GuardedInvoicePayer(guarded, alice).pay(challenge.invoice(), 10_000, "L402 access", key);
        assertThat(settledPayments()).isEqualTo(1);

        HttpResponse<byte[]> response = client(1000, 100, tokens).send(get(base.resolve("/quotes/today")));
        assertThat(response.statusCode()).as("the restarted client completes the purchase from the journal").isEqualTo(200);
        assertThat(ledger.all()).as("and pays nothing more").hasSize(1);
    }

    @Test
    void aPurchaseStartedButNeverProposedToTheWalletIsSimplyBoughtAgain() throws Exception {
        HttpResponse<byte[]> challenged = HttpClient.newHttpClient().send(get(base.resolve("/quotes/today")), HttpResponse.BodyHandlers.ofByteArray());
        var challenge = dev.bursar.l402.header.ChallengeParser.parse(challenged.headers().allValues("WWW-Authenticate")).stream()
                .filter(c -> c.scheme().equals("L402")).findFirst().orElseThrow();
        Path tokens = dir.resolve("tokens-never.properties");
        new FileTokenStore(tokens).hold("http://127.0.0.1:" + base.getPort() + "/quotes",
                new dev.bursar.l402.client.HeldPurchase(challenge.macaroon(), "l402-never-asked"));
        assertThat(client(1000, 100, tokens).send(get(base.resolve("/quotes/today"))).statusCode()).isEqualTo(200);
        assertThat(settledPayments()).isEqualTo(1);
        assertThat(new FileTokenStore(tokens).held("http://127.0.0.1:" + base.getPort() + "/quotes")).isEmpty();
    }

    private interface Call {
        void run() throws Exception;
    }

    private static L402PaymentHeldException catchHeld(Call call) {
        try {
            call.run();
        } catch (L402PaymentHeldException held) {
            assertThat(held).hasMessageContaining("nothing was paid yet");
            return held;
        } catch (Exception other) {
            throw new AssertionError("expected the payment to be held for approval, got " + other, other);
        }
        throw new AssertionError("expected the payment to be held for approval, but the call completed");
    }
}
