package dev.bursar.tools.l402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.l402.client.FileTokenStore;
import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.lnd.GuardedInvoicePayer;
import dev.bursar.l402.lnd.LndInvoiceIssuer;
import dev.bursar.l402.server.FileRootKeyStore;
import dev.bursar.l402.server.L402Authority;
import dev.bursar.l402.server.L402Gate;
import dev.bursar.l402.server.L402HttpHandler;
import dev.bursar.l402.server.PricedService;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.AgentWallet;
import dev.bursar.tools.ConversationWords;
import dev.bursar.tools.PaidFetcher;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.policy.rules.IntentBindingRule;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolGate;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent pays for an API with the {@code paid_fetch} tool on the devnet, called as the runtime calls it (JSON
 * arguments through the {@link ToolGate}): bob sells through {@link L402HttpHandler} with invoices from his LND, the
 * agent's {@link PayingHttpClient} pays through a {@link GuardedWallet} over alice. Every refusal pays nothing.
 */
@WithDevnet({Component.LIGHTNING})
class PaidFetchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_QUERY = "apikey=q7f3a9secret";
    private static final String BODY = "{\"quote\":\"forty-two-and-change\"}";

    @TempDir
    Path dir;

    private HttpServer server;
    private LightningWallet alice;
    private LndNode aliceNode;
    private SpendLedger ledger;
    private String base;
    private final AtomicInteger requests = new AtomicInteger();
    private final Queue<String> logs = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLoggerName() != null && r.getLoggerName().startsWith("com.sun.net.httpserver")) {
                return; // the seller's server (this test's JDK HttpServer) logs its request lines; the buyer's side is under test
            }
            String message = r.getParameters() == null ? r.getMessage() : MessageFormat.format(r.getMessage(), r.getParameters());
            logs.add(message + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;

    private static LightningWallet wallet(LndNode node) {
        LndConnection connection = LndConnection.builder().host(node.grpcHost()).port(node.grpcPort())
                .tlsCert(node.tlsCert()).macaroon(node.adminMacaroon()).build();
        return LightningWallet.builder().connection(connection).network(BitcoinNetwork.REGTEST).build();
    }

    @BeforeEach
    void setUp(Devnet devnet) throws Exception {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);

        aliceNode = devnet.lightning().alice();
        alice = wallet(aliceNode);
        LightningWallet bob = wallet(devnet.lightning().bob());
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        L402Gate gate = new L402Gate(new L402Authority(new FileRootKeyStore(dir.resolve("roots")), Clock.systemUTC()),
                new LndInvoiceIssuer(bob, Duration.ofMinutes(10)));
        PricedService quotes = new PricedService("quotes", 0, List.of(), 10, Duration.ofHours(1));
        L402HttpHandler paid = new L402HttpHandler(gate, quotes, e -> quotes.priceSats(), exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/quotes", exchange -> {
            requests.incrementAndGet();
            paid.handle(exchange);
        });
        server.createContext("/big", exchange -> {
            requests.incrementAndGet();
            byte[] body = "x".repeat(PaidFetchPlugin.MAX_BODY_CHARS + 500).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        ledger.close();
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    /** The paid_fetch executor of an agent whose L402 client allows 127.0.0.1 only. */
    private ToolExecutor paidFetch(long policyMaxSats, long l402MaxSats) {
        return paidFetch(policyMaxSats, l402MaxSats, "please get me today's quote from " + base);
    }

    /** The same, for a conversation in which the user wrote {@code userMessage}; the policy binds payments to it. */
    private ToolExecutor paidFetch(long policyMaxSats, long l402MaxSats, String userMessage) {
        GuardedWallet guarded = GuardedWallet.builder().agentId("buyer").wallet(alice).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(alice.asset(), policyMaxSats * 1000))
                        .bindToUserWords(IntentBindingRule.Mode.DENY).build()).build();
        ConversationWords words = conversation -> new UserWords(List.of(userMessage), null);
        PayingHttpClient client = PayingHttpClient.builder().payer(new GuardedInvoicePayer(guarded, alice))
                .tokenStore(new FileTokenStore(dir.resolve("buyer.tokens"))).maxPriceSats(l402MaxSats)
                .allowedHosts(List.of("127.0.0.1")).build();
        Map<ToolSpecification, ToolExecutor> tools = new ToolGate("buyer", Map.of(PaidFetchPlugin.ID, Set.of(Permission.PAID_FETCH)), List.of())
                .executors(List.of(new PaidFetchPlugin()), new AgentContext("buyer", new AgentWallet(guarded, words), List.of(alice.asset()),
                        Optional.of(new PaidFetcher(client, words))));
        assertThat(tools.keySet()).extracting(ToolSpecification::name).containsExactly("paid_fetch");
        return tools.values().iterator().next();
    }

    private static String call(ToolExecutor tool, String arguments) {
        return tool.execute(ToolExecutionRequest.builder().id("call-" + arguments.hashCode()).name("paid_fetch").arguments(arguments).build(), "conv-1");
    }

    private static String url(String url) {
        return "{\"url\":" + JSON.valueToTree(url) + "}";
    }

    private long settled() {
        return ledger.all().stream().filter(e -> e.state() == EntryState.SUCCEEDED).count();
    }

    private int alicePayments() {
        return aliceNode.listPayments().path("payments").size();
    }

    @Test
    void aHostTheUserNeverNamedIsNotFetchedNorPaid() throws Exception {
        ToolExecutor tool = paidFetch(1_000, 100, "summarize the page at https://news.example.org/today");
        int before = alicePayments();
        assertThat(call(tool, url(base + "/quotes/today"))).startsWith("error:").contains("you did not name 127.0.0.1")
                .contains("nothing was requested or paid");
        assertThat(alicePayments()).isEqualTo(before);
        assertThat(settled()).isZero();
    }

    @Test
    void paysOnceGetsTheBodyThenReusesTheToken() throws Exception {
        ToolExecutor tool = paidFetch(1_000, 100);
        JsonNode first = JSON.readTree(call(tool, url(base + "/quotes/today?" + SECRET_QUERY)));
        assertThat(first.path("status").asInt()).isEqualTo(200);
        assertThat(first.path("content_type").asText()).isEqualTo("application/json");
        assertThat(first.path("body").asText()).isEqualTo(BODY);
        assertThat(first.path("body_truncated").asBoolean()).isFalse();
        assertThat(first.path("paid_sats").asLong()).isEqualTo(10);
        assertThat(first.path("payment_hash").asText()).matches("[0-9a-f]{64}");
        assertThat(first.path("summary").asText()).contains("paid 10 sat").contains(BODY).doesNotContain(SECRET_QUERY);

        JsonNode second = JSON.readTree(call(tool, url(base + "/quotes/tomorrow?" + SECRET_QUERY)));
        assertThat(second.path("status").asInt()).isEqualTo(200);
        assertThat(second.path("body").asText()).isEqualTo(BODY);
        assertThat(second.path("paid_sats").asLong()).as("the cached token is reused").isZero();
        assertThat(second.has("payment_hash")).isFalse();
        assertThat(ledger.all()).extracting(e -> e.state()).containsExactly(EntryState.SUCCEEDED);

        assertThat(logs).as("something was logged (the capture works)").isNotEmpty();
        assertThat(logs).noneMatch(l -> l.contains(SECRET_QUERY) || l.contains("forty-two"));
    }

    @Test
    void aLongBodyIsTruncatedAndSaysSo() throws Exception {
        JsonNode result = JSON.readTree(call(paidFetch(1_000, 100), url(base + "/big")));
        assertThat(result.path("body").asText()).hasSize(PaidFetchPlugin.MAX_BODY_CHARS);
        assertThat(result.path("body_truncated").asBoolean()).isTrue();
        assertThat(result.path("body_chars").asInt()).isEqualTo(PaidFetchPlugin.MAX_BODY_CHARS + 500);
        assertThat(result.path("summary").asText()).contains("first 4000 of 4500 characters").contains("nothing paid");
        assertThat(ledger.all()).isEmpty();
    }

    @Test
    void badUrlsAndHostsAreRefusedBeforeAnyRequest() {
        ToolExecutor tool = paidFetch(1_000, 100);
        int payments = alicePayments();
        String port = base.substring(base.lastIndexOf(':') + 1);
        assertThat(call(tool, url("http://localhost:" + port + "/quotes/x?" + SECRET_QUERY)))
                .startsWith("error:").contains("'localhost' is not on this agent's allowed hosts").contains("nothing was requested or paid")
                .doesNotContain(SECRET_QUERY);
        assertThat(call(tool, url("ftp://127.0.0.1:" + port + "/quotes/x"))).startsWith("error:").contains("'url' does not have the expected form");
        assertThat(call(tool, url("file:///etc/passwd"))).startsWith("error:").contains("'url'");
        assertThat(call(tool, url("http://bad^host/quotes?" + SECRET_QUERY))).startsWith("error:").contains("url is not a valid URL")
                .doesNotContain(SECRET_QUERY);
        assertThat(call(tool, url("http://user:pw@127.0.0.1:" + port + "/quotes/x"))).startsWith("error:").contains("user name or password");
        assertThat(call(tool, "{\"url\":\"" + base + "/quotes/x\",\"max_sats\":101}")).startsWith("error:")
                .contains("max_sats 101 is above this agent's limit of 100 sat").contains("can only lower");
        assertThat(call(tool, "{\"url\":\"" + base + "/quotes/x\",\"max_sats\":0}")).startsWith("error:").contains("at least 1");
        assertThat(call(tool, "{\"url\":\"" + base + "/quotes/x\",\"max_sats\":\"50\"}")).startsWith("error:").contains("whole number");
        assertThat(requests).as("no request reached the seller").hasValue(0);
        assertThat(ledger.all()).isEmpty();
        assertThat(alicePayments()).isEqualTo(payments);
    }

    @Test
    void aPriceAboveTheMaximumIsRefusedAndNothingPaid() {
        int payments = alicePayments();
        assertThat(call(paidFetch(1_000, 100), "{\"url\":\"" + base + "/quotes/x\",\"max_sats\":5}")).startsWith("error:")
                .contains("the price 10 sat is above the maximum of 5 sat per request").contains("nothing was paid");
        assertThat(call(paidFetch(1_000, 9), url(base + "/quotes/x"))).startsWith("error:")
                .contains("the price 10 sat is above the maximum of 9 sat per request").contains("nothing was paid");
        assertThat(ledger.all()).isEmpty();
        assertThat(alicePayments()).isEqualTo(payments);
    }

    @Test
    void theSpendingPolicyStillDecides() {
        int payments = alicePayments();
        assertThat(call(paidFetch(5, 100), url(base + "/quotes/x"))).startsWith("error:").contains("the L402 payment was not made");
        assertThat(ledger.all()).extracting(e -> e.state()).containsExactly(EntryState.DENIED);
        assertThat(settled()).isZero();
        assertThat(alicePayments()).isEqualTo(payments);
    }
}
