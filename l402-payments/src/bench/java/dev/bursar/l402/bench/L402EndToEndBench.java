package dev.bursar.l402.bench;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.client.HeldPurchase;
import dev.bursar.l402.client.TokenStore;
import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.lnd.GuardedInvoicePayer;
import dev.bursar.l402.lnd.LndInvoiceIssuer;
import dev.bursar.l402.server.FileRootKeyStore;
import dev.bursar.l402.server.L402Authority;
import dev.bursar.l402.server.L402Gate;
import dev.bursar.l402.server.L402HttpHandler;
import dev.bursar.l402.server.PricedService;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.lightningj.lnd.wrapper.message.Payment;
import org.lightningj.lnd.wrapper.router.message.SendPaymentRequest;

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
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * L402 on the devnet, end to end, each figure against its baseline in the same run: the first paid request (402,
 * invoice from bob's LND, payment through alice's GuardedWallet, retry) against a bare lightningj payment of the same
 * amount; server requests/s with a valid paid token against the same handler without L402; and the client's added
 * latency per request with a cached token against a bare HttpClient sending the same header.
 * Usage: L402EndToEndBench [first-paid samples, default 10] [load seconds per side, default 5] [load threads, default 4]
 * [client samples, default 2000].
 */
public final class L402EndToEndBench {

    private static final byte[] BODY = "{\"quote\":42}".getBytes(StandardCharsets.UTF_8);

    private L402EndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        int firstPaid = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int loadSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int clientSamples = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        Path dir = Files.createTempDirectory("bursar-l402-bench-");
        try (Devnet devnet = Devnet.builder().build().ensure(Component.LIGHTNING);
             SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            LndConnection aliceConnection = connect(devnet.lightning().alice());
            LightningWallet alice = LightningWallet.builder().connection(aliceConnection).network(BitcoinNetwork.REGTEST).build();
            LightningWallet bob = LightningWallet.builder().connection(connect(devnet.lightning().bob())).network(BitcoinNetwork.REGTEST).build();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            PricedService quotes = new PricedService("quotes", 0, List.of("read"), 10, Duration.ofHours(1));
            L402Gate gate = new L402Gate(new L402Authority(new FileRootKeyStore(dir.resolve("roots")), Clock.systemUTC()),
                    new LndInvoiceIssuer(bob, Duration.ofMinutes(10)));
            HttpHandler content = exchange -> {
                exchange.sendResponseHeaders(200, BODY.length);
                exchange.getResponseBody().write(BODY);
                exchange.close();
            };
            server.createContext("/free", content);
            server.createContext("/paid", new L402HttpHandler(gate, quotes, e -> quotes.priceSats(), content));
            ExecutorService serverPool = Executors.newFixedThreadPool(threads);
            server.setExecutor(serverPool);
            server.start();
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            try {
                GuardedWallet guarded = GuardedWallet.builder().agentId("bench").wallet(alice).ledger(ledger)
                        .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(alice.asset(), "100")).build()).build();
                MemoryTokens tokens = firstPaidRequests(firstPaid, base, guarded, alice, bob, aliceConnection);
                L402Authorization token = tokens.last();
                serverThroughput(base, token, loadSeconds, threads);
                clientOverhead(base, token, guarded, alice, tokens, clientSamples);
            } finally {
                server.stop(0);
                serverPool.shutdownNow();
            }
        }
        System.exit(0);
    }

    private static MemoryTokens firstPaidRequests(int samples, URI base, GuardedWallet guarded, LightningWallet alice,
                                                  LightningWallet bob, LndConnection aliceConnection) throws Exception {
        long[] bare = new long[samples];
        long[] paid = new long[samples];
        MemoryTokens tokens = null;
        for (int i = 0; i < samples; i++) {
            String invoice = bob.createInvoice(Amount.of(bob.asset(), "10"), "bench " + i, Duration.ofMinutes(30)).bolt11();
            long t0 = System.nanoTime();
            payBare(aliceConnection, invoice);
            bare[i] = System.nanoTime() - t0;
            tokens = new MemoryTokens();
            PayingHttpClient client = PayingHttpClient.builder().payer(new GuardedInvoicePayer(guarded, alice)).tokenStore(tokens)
                    .maxPriceSats(100).build();
            long t1 = System.nanoTime();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(base.resolve("/paid")).GET().build());
            paid[i] = System.nanoTime() - t1;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the first paid request answered " + response.statusCode());
            }
        }
        double bareMs = median(bare) / 1e6;
        double paidMs = median(paid) / 1e6;
        System.out.printf("first paid request, %d samples: p50 %.1f ms; bare lightningj payment of the same amount p50 %.1f ms;"
                + " ratio %.2f%n", samples, paidMs, bareMs, paidMs / bareMs);
        return tokens;
    }

    private static void payBare(LndConnection connection, String invoice) throws Exception {
        SendPaymentRequest request = new SendPaymentRequest();
        request.setPaymentRequest(invoice);
        request.setTimeoutSeconds(60);
        request.setFeeLimitSat(10L);
        request.setNoInflightUpdates(true);
        Iterator<Payment> updates = connection.router().sendPaymentV2(request);
        Payment last = null;
        while (updates.hasNext()) {
            last = updates.next();
        }
        if (last == null || last.getApiObject().getStatusValue() != 2) {
            throw new IllegalStateException("the bare payment did not succeed");
        }
    }

    private static void serverThroughput(URI base, L402Authorization token, int seconds, int threads) throws Exception {
        HttpRequest free = HttpRequest.newBuilder(base.resolve("/free")).GET().build();
        HttpRequest paid = HttpRequest.newBuilder(base.resolve("/paid")).header("Authorization", token.headerValue()).GET().build();
        load(free, 2, threads); // warm-up of both paths
        load(paid, 2, threads);
        for (int round = 1; round <= 3; round++) {
            double bare = load(free, seconds, threads);
            double l402 = load(paid, seconds, threads);
            System.out.printf("server round %d: without L402 %.0f req/s, with a paid L402 token %.0f req/s, ratio %.2f%n",
                    round, bare, l402, l402 / bare);
        }
    }

    private static double load(HttpRequest request, int seconds, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<?>> futures = IntStream.range(0, threads).<Future<?>>mapToObj(t -> pool.submit(() -> {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            while (System.nanoTime() < end) {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("load request answered " + r.statusCode());
                }
                done.incrementAndGet();
            }
            return null;
        })).toList();
        long start = System.nanoTime();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void clientOverhead(URI base, L402Authorization token, GuardedWallet guarded, LightningWallet alice,
                                       MemoryTokens tokens, int samples) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        PayingHttpClient client = PayingHttpClient.builder().httpClient(http).payer(new GuardedInvoicePayer(guarded, alice))
                .tokenStore(tokens).maxPriceSats(100).build();
        HttpRequest plain = HttpRequest.newBuilder(base.resolve("/paid")).GET().build();
        HttpRequest withHeader = HttpRequest.newBuilder(base.resolve("/paid")).header("Authorization", token.headerValue()).GET().build();
        int warmup = samples / 4;
        long[] bare = new long[samples];
        long[] viaClient = new long[samples];
        for (int i = -warmup; i < samples; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> b = http.send(withHeader, HttpResponse.BodyHandlers.ofByteArray());
            long t1 = System.nanoTime();
            HttpResponse<byte[]> c = client.send(plain);
            long t2 = System.nanoTime();
            if (b.statusCode() != 200 || c.statusCode() != 200) {
                throw new IllegalStateException("a cached-token request answered " + b.statusCode() + "/" + c.statusCode());
            }
            if (i >= 0) {
                bare[i] = t1 - t0;
                viaClient[i] = t2 - t1;
            }
        }
        double bareUs = median(bare) / 1e3;
        double clientUs = median(viaClient) / 1e3;
        System.out.printf("client, %d requests with a cached token: PayingHttpClient p50 %.0f µs, bare HttpClient with the same header"
                + " p50 %.0f µs; added %.0f µs (ratio %.2f)%n", samples, clientUs, bareUs, clientUs - bareUs, clientUs / bareUs);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static LndConnection connect(LndNode node) {
        return LndConnection.builder().host(node.grpcHost()).port(node.grpcPort()).tlsCert(node.tlsCert())
                .macaroon(node.adminMacaroon()).build();
    }

    /** Keeps the client's tokens in memory for the run and remembers the last one stored, to replay it under load. */
    private static final class MemoryTokens implements TokenStore {
        private final Map<String, L402Authorization> tokens = new ConcurrentHashMap<>();
        private final Map<String, HeldPurchase> holds = new ConcurrentHashMap<>();
        private volatile L402Authorization last;

        @Override
        public Optional<L402Authorization> get(String scope) {
            return Optional.ofNullable(tokens.get(scope));
        }

        @Override
        public void put(String scope, L402Authorization token) {
            tokens.put(scope, token);
            last = token;
        }

        @Override
        public void remove(String scope) {
            tokens.remove(scope);
        }

        @Override
        public void block(String scope, String reason) {
            throw new IllegalStateException("the bench's server refused a paid token: " + reason);
        }

        @Override
        public Optional<String> blocked(String scope) {
            return Optional.empty();
        }

        @Override
        public Map<String, String> blocks() {
            return Map.of();
        }

        @Override
        public boolean unblock(String scope) {
            return false;
        }

        @Override
        public void hold(String scope, HeldPurchase purchase) {
            holds.put(scope, purchase);
        }

        @Override
        public Optional<HeldPurchase> held(String scope) {
            return Optional.ofNullable(holds.get(scope));
        }

        @Override
        public void release(String scope) {
            holds.remove(scope);
        }

        L402Authorization last() {
            if (last == null) {
                throw new IllegalStateException("no token was paid for");
            }
            return last;
        }
    }
}
