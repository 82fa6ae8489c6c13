package dev.bursar.l402.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.DevAccount;
import dev.bursar.devnet.x402.X402Facilitator;
import dev.bursar.l402.client.FileTokenStore;
import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.evm.GuardedAuthorizationPayer;
import dev.bursar.l402.x402.PaymentRequired;
import dev.bursar.l402.x402.X402Authenticator;
import dev.bursar.l402.x402.server.Facilitator;
import dev.bursar.l402.x402.server.HttpFacilitator;
import dev.bursar.l402.x402.server.X402Gate;
import dev.bursar.l402.x402.server.X402Offer;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.evm.TransferAuthorizationWallet;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * x402 on the devnet (anvil, the devnet's EIP-3009 dUSDC, the local {@code @x402/core} facilitator), each figure
 * against its baseline in the same run: the paying client's added latency per paid call (402, EIP-3009 signature through
 * the guarded wallet's policy and journal, retry, receipt check on chain) against a bare call to the same server; and
 * the requests/s of an endpoint behind {@link X402Gate} with the facilitator verifying only, and verifying and settling
 * on chain, against the same handler without payment.
 * Usage: X402EndToEndBench [client samples, default 200] [verify-only payments, default 600] [settled payments,
 * default 120] [load threads, default 4] [bare load seconds, default 5].
 */
public final class X402EndToEndBench {

    private static final byte[] BODY = "{\"quote\":42}".getBytes(StandardCharsets.UTF_8);
    private static final BigInteger PRICE = BigInteger.valueOf(10_000); // 0.01 dUSDC
    private static final ObjectMapper JSON = new ObjectMapper();

    private X402EndToEndBench() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the server's and the HTTP clients' threads would keep the JVM alive
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int clientSamples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int verifyPayments = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int settledPayments = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int bareSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Path dir = Files.createTempDirectory("bursar-x402-bench-");
        try (Devnet devnet = Devnet.builder().build().ensure(Component.EVM);
             X402Facilitator facilitator = X402Facilitator.start(devnet, devnet.evm().accounts().get(4));
             SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            DevAccount buyer = devnet.evm().accounts().get(2);
            EvmWallet account = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId())
                    .keys(EvmKeys.fromPrivateKey(buyer.privateKey())).build();
            Asset.Erc20Token dUsdc = account.token(EvmAddress.of(devnet.contracts().get("DevUsdc")));
            TransferAuthorizationWallet signer = account.authorizations();
            GuardedWallet guarded = GuardedWallet.builder().agentId("bench").wallet(account).wallet(signer).ledger(ledger)
                    .policy(PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(dUsdc, PRICE))
                            .serviceBudget(Duration.ofDays(1), Amount.ofUnits(dUsdc, PRICE.multiply(BigInteger.valueOf(1_000_000)))).build())
                    .build();
            X402Authenticator x402 = X402Authenticator.builder().payer(new GuardedAuthorizationPayer(guarded, signer))
                    .maxPrice(dUsdc.contract().value(), PRICE).build();

            X402Offer offer = new X402Offer(devnet.evm().chainId(), dUsdc.contract(), "Dev USD Coin", "2", PRICE,
                    EvmAddress.of(devnet.evm().accounts().get(3).address()), 300);
            Facilitator real = new HttpFacilitator(facilitator.url(), Duration.ofSeconds(30));
            Facilitator verifyOnly = new Facilitator() {
                @Override
                public JsonNode verify(int version, JsonNode payload, JsonNode requirements) {
                    return real.verify(version, payload, requirements);
                }

                @Override
                public JsonNode settle(int version, JsonNode payload, JsonNode requirements) {
                    return JSON.createObjectNode().put("success", true).put("transaction", "").put("payer", "");
                }
            };
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            ExecutorService serverPool = Executors.newFixedThreadPool(Math.max(threads, 4));
            server.setExecutor(serverPool);
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            server.createContext("/free", X402EndToEndBench::content);
            server.createContext("/accept", acceptingAnyPayment(offer, base.resolve("/accept").toString()));
            server.createContext("/verified", gated(new X402Gate(verifyOnly), offer, base.resolve("/verified").toString()));
            Facilitator instant = new Facilitator() { // the gate's own work (decode, compare, receipt), no facilitator round trip
                @Override
                public JsonNode verify(int version, JsonNode payload, JsonNode requirements) {
                    return JSON.createObjectNode().put("isValid", true);
                }

                @Override
                public JsonNode settle(int version, JsonNode payload, JsonNode requirements) {
                    return JSON.createObjectNode().put("success", true).put("transaction", "").put("payer", "");
                }
            };
            server.createContext("/gate", gated(new X402Gate(instant), offer, base.resolve("/gate").toString()));
            server.createContext("/settled", gated(new X402Gate(real), offer, base.resolve("/settled").toString()));
            server.start();
            try {
                PayingHttpClient client = PayingHttpClient.builder().tokenStore(new FileTokenStore(dir.resolve("tokens")))
                        .x402(x402, true).build();
                clientOverhead(base, client, clientSamples);
                signingCost(base, x402, clientSamples);
                serverThroughput(base, x402, verifyPayments, settledPayments, threads, bareSeconds);
            } finally {
                server.stop(0);
                serverPool.shutdownNow();
            }
        }
    }

    /** Our paying client against the same server answering the bare path: what paying adds to one call. */
    private static void clientOverhead(URI base, PayingHttpClient client, int samples) throws Exception {
        HttpClient bare = HttpClient.newHttpClient();
        for (int i = 0; i < 20; i++) { // warm both paths
            bare.send(HttpRequest.newBuilder(base.resolve("/free")).build(), HttpResponse.BodyHandlers.ofByteArray());
            check(client.fetch(HttpRequest.newBuilder(base.resolve("/accept")).build(), 1).response());
        }
        long[] bareNs = new long[samples];
        long[] paidNs = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            bare.send(HttpRequest.newBuilder(base.resolve("/free")).build(), HttpResponse.BodyHandlers.ofByteArray());
            bareNs[i] = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            check(client.fetch(HttpRequest.newBuilder(base.resolve("/accept")).build(), 1).response());
            paidNs[i] = System.nanoTime() - t1;
        }
        double b = p50(bareNs) / 1e3;
        double p = p50(paidNs) / 1e3;
        System.out.printf("x402 client per paid call (402, sign through GuardedWallet, retry, authorizationState), p50 of %d: "
                + "%.0f µs vs bare call %.0f µs: +%.0f µs, ratio %.1f%n", samples, p, b, p - b, p / b);
        System.out.printf("  p90 paid %.0f µs, bare %.0f µs%n", p90(paidNs) / 1e3, p90(bareNs) / 1e3);
    }

    /** Where the client's time goes: signing through the guarded wallet, and asking the chain about the authorization. */
    private static void signingCost(URI base, X402Authenticator x402, int samples) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        PaymentRequired required = PaymentRequired.from(http.send(HttpRequest.newBuilder(base.resolve("/accept")).build(),
                HttpResponse.BodyHandlers.ofByteArray()));
        long[] sign = new long[samples];
        long[] confirm = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            X402Authenticator.Prepared p = x402.prepare(HttpRequest.newBuilder(base.resolve("/accept")).build(), required, "bench");
            sign[i] = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            x402.confirm(p.signed().paymentId());
            confirm[i] = System.nanoTime() - t1;
        }
        System.out.printf("  of which: prepare (quote, policy, journal, EIP-712 signature) p50 %.0f µs; confirm (authorizationState "
                + "on anvil) p50 %.0f µs%n", p50(sign) / 1e3, p50(confirm) / 1e3);
    }

    /** Requests/s of the gated paths with pre-signed, distinct payments, against the bare path at the same concurrency. */
    private static void serverThroughput(URI base, X402Authenticator x402, int verifyPayments, int settledPayments, int threads,
                                         int bareSeconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        double bare = bareRate(http, base.resolve("/free"), threads, bareSeconds);
        double gate = gatedRate(http, base.resolve("/gate"), signed(http, base.resolve("/gate"), x402, verifyPayments), threads);
        double verified = gatedRate(http, base.resolve("/verified"), signed(http, base.resolve("/verified"), x402, verifyPayments), threads);
        System.out.printf("server req/s, %d threads: bare %.0f; X402Gate with an instant facilitator %.0f = %.3f of bare; "
                + "x402 verify through the reference facilitator (settlement excluded) %.0f = %.3f of bare%n",
                threads, bare, gate, gate / bare, verified, verified / bare);
        // the reference facilitator sends each settlement from one account: concurrent settles race for its nonce, so
        // settlement is measured one request at a time, against the bare path at one thread too
        double bareOne = bareRate(http, base.resolve("/free"), 1, bareSeconds);
        double settled = gatedRate(http, base.resolve("/settled"), signed(http, base.resolve("/settled"), x402, settledPayments), 1);
        System.out.printf("server req/s, 1 thread: bare %.0f; x402 verify + settle on anvil %.1f = %.4f of bare%n",
                bareOne, settled, settled / bareOne);
    }

    private static List<HttpRequest> signed(HttpClient http, URI url, X402Authenticator x402, int count) throws Exception {
        HttpResponse<byte[]> challenge = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        PaymentRequired required = PaymentRequired.from(challenge);
        List<HttpRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            X402Authenticator.Prepared p = x402.prepare(HttpRequest.newBuilder(url).build(), required, "bench");
            requests.add(HttpRequest.newBuilder(url).header(p.header(), p.value()).build());
        }
        return requests;
    }

    private static double gatedRate(HttpClient http, URI url, List<HttpRequest> requests, int threads) throws Exception {
        ConcurrentLinkedQueue<HttpRequest> queue = new ConcurrentLinkedQueue<>(requests);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                HttpRequest r;
                while ((r = queue.poll()) != null) {
                    check(http.send(r, HttpResponse.BodyHandlers.ofByteArray()));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return requests.size() / seconds;
    }

    private static double bareRate(HttpClient http, URI url, int threads, int seconds) throws Exception {
        AtomicLong count = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    check(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray()));
                    count.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return count.get() / elapsed;
    }

    /** A seller that challenges and then serves any payment header unchecked: the client's side alone. */
    private static HttpHandler acceptingAnyPayment(X402Offer offer, String url) {
        X402Gate challenges = new X402Gate(null);
        return exchange -> {
            if (X402Gate.paymentHeader(exchange.getRequestHeaders().getOrDefault("PAYMENT-SIGNATURE", List.of()), List.of()).isPresent()) {
                content(exchange);
                return;
            }
            X402Gate.Decision d = challenges.check(offer, url, Optional.empty());
            respond402(exchange, (X402Gate.Decision.Challenge) d);
        };
    }

    private static HttpHandler gated(X402Gate gate, X402Offer offer, String url) {
        return exchange -> {
            Optional<String> header = X402Gate.paymentHeader(exchange.getRequestHeaders().getOrDefault("PAYMENT-SIGNATURE", List.of()),
                    exchange.getRequestHeaders().getOrDefault("X-PAYMENT", List.of()));
            switch (gate.check(offer, url, header)) {
                case X402Gate.Decision.Pass p -> {
                    exchange.getResponseHeaders().add("PAYMENT-RESPONSE", p.paymentResponse());
                    content(exchange);
                }
                case X402Gate.Decision.Challenge c -> respond402(exchange, c);
                case X402Gate.Decision.Unavailable u -> {
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                }
            }
        };
    }

    private static void respond402(HttpExchange exchange, X402Gate.Decision.Challenge c) throws java.io.IOException {
        exchange.getResponseHeaders().add("PAYMENT-REQUIRED", c.paymentRequired());
        exchange.sendResponseHeaders(402, -1);
        exchange.close();
    }

    private static void content(HttpExchange exchange) throws java.io.IOException {
        exchange.sendResponseHeaders(200, BODY.length);
        exchange.getResponseBody().write(BODY);
        exchange.close();
    }

    private static void check(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("expected 200, got " + response.statusCode() + " "
                    + response.headers().firstValue("PAYMENT-REQUIRED").orElse(""));
        }
    }

    private static double p50(long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double p90(long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return sorted[(int) (sorted.length * 0.9)];
    }
}
