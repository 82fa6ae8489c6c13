package dev.bursar.runtime.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.process.PackagedRuntime;
import dev.bursar.runtime.store.BursarDatabase;
import dev.bursar.runtime.store.JdbcSpendJournal;
import dev.bursar.runtime.store.PostgresExtension;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.SecretSource;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several packaged runtime processes on one PostgreSQL and one anvil, chatting payments to the same two agents through
 * all of them while the instance driving an agent is killed with SIGKILL at random moments ({@value #DEFAULT_KILLS}
 * kill points here; {@code -Dbursar.failover.kills=100} for the soak run in docs/benchmarks.md). Afterwards, from the
 * chain and the journal: every transaction each agent's address sent is a SUCCEEDED journal entry and the reverse
 * (nothing paid twice, nothing paid unrecorded), no entry is left open (nothing lost), no nonce was refused or reused.
 * The model is scripted on WireMock in Ollama's wire format (no model server runs here).
 */
@WithDevnet({Component.EVM})
@ExtendWith(PostgresExtension.class)
class MultiInstanceIT {

    private static final int DEFAULT_KILLS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger AMOUNT_WEI = BigInteger.TEN.pow(14); // 0.0001 ETH
    private static final List<String> AGENTS = List.of("payer-1", "payer-2");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final List<PackagedRuntime> live = new CopyOnWriteArrayList<>();
    private final List<PackagedRuntime> all = new CopyOnWriteArrayList<>();
    private final Map<String, PackagedRuntime> byUrl = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private WireMockServer model;
    private int started;

    @AfterEach
    void stop() {
        all.forEach(PackagedRuntime::close);
        pool.shutdownNow();
        if (model != null) {
            model.stop();
        }
    }

    @Test
    void paymentsThroughThreeInstancesSurviveKilledLeaseHoldersWithoutADoublePaymentOrALostEntry(Devnet devnet) throws Exception {
        int kills = Integer.getInteger("bursar.failover.kills", DEFAULT_KILLS);
        Random random = new Random(Long.getLong("bursar.failover.seed", System.nanoTime()));
        EvmAddress recipient = EvmAddress.of("0x" + UUID.randomUUID().toString().replace("-", "") + "00000001");
        scriptModel(recipient);

        PostgresExtension.Server pg = PostgresExtension.server();
        String dbUrl = pg.createDatabase();
        Path password = Files.writeString(dir.resolve("db-password"), pg.password());
        Path agentsDir = Files.createDirectories(dir.resolve("agents"));
        Map<String, EvmAddress> senders = new HashMap<>();
        for (String agent : AGENTS) {
            senders.put(agent, agentFile(devnet, agentsDir, agent));
        }
        Map<String, String> properties = Map.of("bursar.database.url", dbUrl, "bursar.database.username", PostgresExtension.Server.USER,
                "bursar.database.password-file", password.toString(), "bursar.agents-dir", agentsDir.toString(),
                "bursar.instance.lease-ttl", "3s", "bursar.security.requests-per-minute", "100000");

        PackagedRuntime first = start(properties, null);
        List<Future<PackagedRuntime>> more = List.of(pool.submit(() -> start(properties, first)), pool.submit(() -> start(properties, first)));
        for (Future<PackagedRuntime> f : more) {
            f.get(3, TimeUnit.MINUTES);
        }

        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        List<String> forwardedBy = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<PackagedRuntime>> replacements = new ArrayList<>();
        int killed = 0;
        for (int round = 0; killed < kills; round++) {
            assertThat(round).as("rounds to reach %d kill points", kills).isLessThan(kills * 3);
            awaitLive(2);
            List<Future<?>> chats = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                PackagedRuntime via = live.get(random.nextInt(live.size()));
                String agent = AGENTS.get(random.nextInt(AGENTS.size()));
                chats.add(pool.submit(() -> chat(via, agent, recipient, statuses, forwardedBy)));
            }
            Thread.sleep(random.nextInt(1200));
            PackagedRuntime victim = holderOf(dbUrl, pg, AGENTS.get(random.nextInt(AGENTS.size())));
            if (victim != null && live.size() >= 2 && live.remove(victim)) {
                victim.kill();
                killed++;
                replacements.add(CompletableFuture.supplyAsync(() -> start(properties, first), pool));
            }
            for (Future<?> chat : chats) {
                chat.get(3, TimeUnit.MINUTES);
            }
        }
        for (CompletableFuture<PackagedRuntime> r : replacements) {
            r.get(3, TimeUnit.MINUTES);
        }

        // every agent is driven again (its lease taken by a live instance, its open payments reconciled)
        for (String agent : AGENTS) {
            HttpResponse<String> payments = get(live.getFirst(), "/api/agents/" + agent + "/payments?limit=500");
            assertThat(payments.statusCode()).as(payments.body()).isEqualTo(200);
        }
        List<LedgerEntry> entries = awaitSettledJournal(dbUrl, pg);

        EthJsonRpc rpc = devnet.evm().rpc();
        long succeeded = 0;
        for (String agent : AGENTS) {
            List<LedgerEntry> mine = entries.stream().filter(e -> e.intent().agentId().equals(agent)).toList();
            List<LedgerEntry> paid = mine.stream().filter(e -> e.state() == EntryState.SUCCEEDED).toList();
            long sentOnChain = EthJsonRpc.quantity(rpc.call("eth_getTransactionCount", senders.get(agent).value(), "latest")).longValueExact();
            assertThat(sentOnChain).as("transactions %s's address sent = its SUCCEEDED entries", agent).isEqualTo(paid.size());
            assertThat(paid).extracting(e -> ((PreparedPayment.Evm) e.prepared().orElseThrow()).nonce())
                    .as("one nonce per payment").doesNotHaveDuplicates();
            assertThat(mine).filteredOn(e -> e.state() == EntryState.FAILED)
                    .allSatisfy(e -> assertThat(e.outcome().map(o -> o.toString()).orElse("")).doesNotContainIgnoringCase("nonce"));
            succeeded += paid.size();
        }
        BigInteger received = EthJsonRpc.quantity(rpc.call("eth_getBalance", recipient.value(), "latest"));
        assertThat(received).as("the recipient got exactly the SUCCEEDED payments").isEqualTo(AMOUNT_WEI.multiply(BigInteger.valueOf(succeeded)));
        long answeredPaid = statuses.stream().filter(s -> s == 200).count();
        assertThat(succeeded).as("payments made; chats answered %s", statuses).isGreaterThanOrEqualTo(Math.min(answeredPaid, 1));
        assertThat(forwardedBy).as("chats that landed on another instance were forwarded to the holder").isNotEmpty();
        Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        statuses.forEach(s -> byStatus.merge(s, 1L, Long::sum));
        System.out.printf("multi-instance failover: %d kill points, %d instances started, %d chats %s (-1: the instance died with it), "
                        + "%d forwarded, %d journal entries, %d paid, %d failed without moving value, 0 double payments, 0 open entries%n",
                killed, started, statuses.size(), byStatus, forwardedBy.size(), entries.size(), succeeded,
                entries.stream().filter(e -> e.state() == EntryState.FAILED).count());
    }

    private Void chat(PackagedRuntime via, String agent, EvmAddress recipient, List<Integer> statuses, List<String> forwardedBy) {
        String body = "{\"conversationId\":\"c-" + UUID.randomUUID() + "\",\"message\":\"Send 0.0001 ETH to " + recipient.value() + "\"}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(via.url() + "/api/agents/" + agent + "/chat"))
                    .header("Authorization", "Bearer " + via.ownerKey()).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(r.statusCode());
            r.headers().firstValue("X-Bursar-Served-By").ifPresent(forwardedBy::add);
            if (r.statusCode() == 200) {
                JsonNode reply = JSON.readTree(r.body());
                assertThat(reply.toString()).as("a payment was attempted").contains("send_payment");
            } else {
                assertThat(r.statusCode()).as(r.body()).isIn(502, 503);
            }
        } catch (IOException e) {
            statuses.add(-1); // the instance died with the request: its outcome is the journal's to tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private HttpResponse<String> get(PackagedRuntime via, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(via.url() + path)).header("Authorization", "Bearer " + via.ownerKey())
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts one more instance; all share the first one's API keys (users live in the database, key files on disk). */
    private PackagedRuntime start(Map<String, String> properties, PackagedRuntime keysFrom) {
        int n;
        synchronized (this) {
            n = ++started;
        }
        try {
            Path data = Files.createDirectories(dir.resolve("instance-" + n));
            if (keysFrom != null) {
                Path keys = Files.createDirectories(data.resolve("keys"));
                Files.writeString(keys.resolve("owner.key"), keysFrom.ownerKey() + "\n");
            }
            Map<String, String> p = new HashMap<>(properties);
            p.put("bursar.instance.id", "instance-" + n);
            PackagedRuntime runtime = PackagedRuntime.start(Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath(), data,
                    URI.create(model.baseUrl()), p);
            all.add(runtime);
            live.add(runtime);
            byUrl.put(runtime.url(), runtime);
            return runtime;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitLive(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (live.size() < count) {
            assertThat(System.nanoTime()).as("%d live instances within 3 minutes", count).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The live instance that holds {@code agent}'s writer lease now, as the database says. */
    private PackagedRuntime holderOf(String dbUrl, PostgresExtension.Server pg, String agent) throws Exception {
        try (BursarDatabase db = BursarDatabase.connect(dbUrl, PostgresExtension.Server.USER, pg.password());
             var c = db.dataSource().getConnection();
             var q = c.prepareStatement("SELECT holder_url FROM agent_lease WHERE agent_id = ? AND expires_at > CURRENT_TIMESTAMP")) {
            q.setString(1, agent);
            try (var rs = q.executeQuery()) {
                return rs.next() ? byUrl.get(rs.getString(1)) : null;
            }
        }
    }

    /** The journal once no entry is left authorized or prepared (the instances that took the agents over reconciled). */
    private static List<LedgerEntry> awaitSettledJournal(String dbUrl, PostgresExtension.Server pg) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (BursarDatabase db = BursarDatabase.connect(dbUrl, PostgresExtension.Server.USER, pg.password())) {
            while (true) {
                List<LedgerEntry> entries = SpendLedger.open(new JdbcSpendJournal(db.dataSource())).all();
                List<LedgerEntry> open = entries.stream().filter(e -> e.state() == EntryState.AUTHORIZED || e.state() == EntryState.PREPARED).toList();
                if (open.isEmpty()) {
                    return entries;
                }
                assertThat(System.nanoTime()).as("entries left open: %s", open).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
    }

    /** A fresh keystore with 1 ETH from the devnet's first account, and the agent's definition using it. */
    private EvmAddress agentFile(Devnet devnet, Path agentsDir, String id) throws IOException {
        Path wallet = Files.createDirectories(dir.resolve("wallet-" + id));
        Path password = Files.writeString(wallet.resolve("password"), "multi-instance-" + id);
        Path keystore = EvmKeys.createKeystore(wallet, SecretSource.file(password));
        EvmAddress address = EvmKeys.fromKeystore(keystore, SecretSource.file(password)).address();
        EthJsonRpc rpc = devnet.evm().rpc();
        rpc.awaitReceipt(rpc.call("eth_sendTransaction", Map.of("from", devnet.evm().accounts().get(0).address(), "to", address.value(),
                "value", "0xde0b6b3a7640000")).asText(), Duration.ofSeconds(30));
        Files.writeString(agentsDir.resolve(id + ".yaml"), """
                id: %s
                name: %s
                owner: owner
                model: remote
                plugins:
                  wallet: [wallet:read, wallet:spend]
                wallets:
                  evm:
                    rpcUrl: %s
                    chainId: %d
                    keystore: %s
                    passwordFile: %s
                policy:
                  maxPerTransaction: ["0.01 ETH"]
                """.formatted(id, id, devnet.evm().rpcUrl(), devnet.evm().chainId(), keystore, password));
        return address;
    }

    /** Every chat asks for the same payment; the model calls send_payment, then answers in words once it has the result. */
    private void scriptModel(EvmAddress recipient) {
        model = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        model.start();
        model.stubFor(WireMock.post(urlEqualTo("/api/chat")).atPriority(1).withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(
                        "{\"model\":\"m-1\",\"created_at\":\"2026-12-03T20:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Done.\"},"
                                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":140,\"eval_count\":3}\n")));
        model.stubFor(WireMock.post(urlEqualTo("/api/chat")).atPriority(5)
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(
                        "{\"model\":\"m-1\",\"created_at\":\"2026-12-03T20:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                                + "\"tool_calls\":[{\"function\":{\"name\":\"send_payment\",\"arguments\":{\"to\":\"" + recipient.value()
                                + "\",\"amount\":\"0.0001 ETH\"}}}]},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":122,\"eval_count\":33}\n")));
    }
}
