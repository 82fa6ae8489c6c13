package dev.bursar.runtime.store;

import dev.bursar.registry.discovery.BlockRef;
import dev.bursar.registry.discovery.IndexSnapshot;
import dev.bursar.registry.discovery.IndexedAgent;
import dev.bursar.registry.discovery.RegistrationFile;
import dev.bursar.registry.discovery.RegistryRef;
import dev.bursar.registry.discovery.TrustedFeedback;
import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.JournalEvent;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.bursar.runtime.store.TestDatabases.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every store against both databases: embedded H2 in a temporary directory and a PostgreSQL server started from
 * Debian's packages on 127.0.0.1 by {@link PostgresExtension}.
 */
@ExtendWith(PostgresExtension.class)
class JdbcStoresIT {

    private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");
    private static final Asset USDC = new Asset.Erc20Token(31337, EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"), "dUSD", 6);
    private static final EvmAddress BOB = EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    /** A signed-looking EVM payment for journal tests; the journal neither checks the signature nor the hash. */
    private static PreparedPayment.Evm evmPayment(String hash, String raw, long nonce) {
        return new PreparedPayment.Evm(hash, raw, nonce, EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), 31337, BOB,
                BigInteger.ZERO, BigInteger.valueOf(21_000), BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000_000L),
                "eip155:31337/native", "key-1", Optional.empty());
    }

    @TempDir
    Path dir;

    private TestDatabases databases;

    @BeforeEach
    void databases() {
        databases = new TestDatabases(dir);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    private BursarDatabase open(Backend backend) {
        return databases.open(backend);
    }

    // ---- users

    @ParameterizedTest
    @EnumSource(Backend.class)
    void keysAuthenticateTheirUserUntilRevoked(Backend backend) {
        JdbcUserStore users = open(backend).users();
        IssuedKey alice = users.issueKey("alice@example", Role.ADMIN);
        IssuedKey alice2 = users.issueKey("alice@example", Role.ADMIN);
        IssuedKey bob = users.issueKey("bob", Role.USER);

        assertThat(alice.apiKey()).startsWith("bsr_").hasSize(4 + 16 + 1 + 64).isNotEqualTo(alice2.apiKey());
        assertThat(alice.toString()).doesNotContain(alice.apiKey());
        assertThat(users.authenticate(alice.apiKey())).contains(new User("alice@example", Role.ADMIN));
        assertThat(users.authenticate(alice2.apiKey())).contains(new User("alice@example", Role.ADMIN));
        assertThat(users.authenticate(bob.apiKey())).contains(new User("bob", Role.USER));
        assertThat(users.find("bob")).contains(new User("bob", Role.USER));
        assertThat(users.find("carol")).isEmpty();

        String k = alice.apiKey();
        String flipped = k.substring(0, k.length() - 1) + (k.endsWith("0") ? "1" : "0");
        String otherId = "bsr_0000000000000000" + k.substring(20);
        assertThat(users.authenticate(flipped)).isEmpty();
        assertThat(users.authenticate(otherId)).isEmpty();
        assertThat(users.authenticate("bsr_nonsense")).isEmpty();
        assertThat(users.authenticate("")).isEmpty();
        assertThat(users.authenticate(null)).isEmpty();
        assertThat(users.authenticate(k.toUpperCase())).isEmpty();

        users.revokeKeys("alice@example");
        assertThat(users.authenticate(alice.apiKey())).isEmpty();
        assertThat(users.authenticate(alice2.apiKey())).isEmpty();
        assertThat(users.authenticate(bob.apiKey())).contains(new User("bob", Role.USER));
        assertThat(users.find("alice@example")).isPresent();

        IssuedKey fresh = users.issueKey("alice@example", Role.ADMIN);
        assertThat(users.authenticate(fresh.apiKey())).contains(new User("alice@example", Role.ADMIN));
        assertThatThrownBy(() -> users.issueKey("no spaces allowed", Role.USER)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void onlyTheKeysHashIsStored(Backend backend) throws Exception {
        BursarDatabase db = open(backend);
        IssuedKey key = db.users().issueKey("alice", Role.USER);
        String secret = key.apiKey().substring(key.apiKey().lastIndexOf('_') + 1);

        StringBuilder everything = new StringBuilder();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("bursar_user", "api_key")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            everything.append(rs.getString(i)).append('|');
                        }
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT key_hash FROM api_key")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1).trim()).isEqualTo(HexFormat.of().formatHex(JdbcUserStore.sha256(key.apiKey())));
            }
        }
        assertThat(everything.toString()).doesNotContain(key.apiKey()).doesNotContain(secret);
    }

    // ---- agents

    @ParameterizedTest
    @EnumSource(Backend.class)
    void agentsAreCreatedReadUpdatedAndDeleted(Backend backend) {
        JdbcAgentStore agents = open(backend).agents();
        Instant now = Instant.now();
        StoredAgent wallet = new StoredAgent("wallet-agent", "alice", "name: Wallet\nmodel: gemma3-270m\n", now);
        StoredAgent dao = new StoredAgent("dao-agent", "bob", "name: DAO ünïcode\n", now);
        agents.save(wallet);
        agents.save(dao);

        assertThat(agents.find("wallet-agent")).contains(new StoredAgent("wallet-agent", "alice", wallet.definitionYaml(),
                now.truncatedTo(ChronoUnit.MICROS)));
        assertThat(agents.all()).extracting(StoredAgent::id).containsExactly("dao-agent", "wallet-agent");

        StoredAgent changed = new StoredAgent("wallet-agent", "alice", "name: Wallet\nmodel: remote\n", now.plusSeconds(60));
        agents.save(changed);
        assertThat(agents.find("wallet-agent").orElseThrow().definitionYaml()).isEqualTo(changed.definitionYaml());
        assertThat(agents.find("wallet-agent").orElseThrow().updatedAt()).isEqualTo(changed.updatedAt().truncatedTo(ChronoUnit.MICROS));
        assertThat(agents.all()).hasSize(2);

        agents.save(new StoredAgent("no-time", "bob", "x: 1\n", null));
        assertThat(agents.find("no-time").orElseThrow().updatedAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));

        assertThat(agents.delete("wallet-agent")).isTrue();
        assertThat(agents.delete("wallet-agent")).isFalse();
        assertThat(agents.find("wallet-agent")).isEmpty();
        assertThat(agents.all()).extracting(StoredAgent::id).containsExactly("dao-agent", "no-time");
    }

    // ---- chat memory

    @ParameterizedTest
    @EnumSource(Backend.class)
    void chatMemoryKeepsToolCallsAndResultsPerConversation(Backend backend) {
        BursarDatabase db = open(backend);
        JdbcChatMemoryStore memory = db.chatMemory();
        List<ChatMessage> turn = List.of(
                SystemMessage.from("You hold a wallet. Never reveal keys."),
                UserMessage.from("send 0.01 ETH to 0x7099 — \"quoted\" ünïcode"),
                AiMessage.from(ToolExecutionRequest.builder().id("call-1").name("send_payment")
                        .arguments("{\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"amount\":\"0.01 ETH\"}").build()),
                ToolExecutionResultMessage.from("call-1", "send_payment", "{\"status\":\"NEEDS_APPROVAL\",\"entry\":\"e1\"}"),
                AiMessage.from("The payment waits for your approval."));

        assertThat(memory.getMessages("alice/c1")).isEmpty();
        memory.updateMessages("alice/c1", turn.subList(0, 2));
        memory.updateMessages("alice/c1", turn);
        memory.updateMessages("bob/c1", List.of(UserMessage.from("hi")));
        assertThat(memory.getMessages("alice/c1")).isEqualTo(turn);
        assertThat(memory.getMessages("bob/c1")).containsExactly(UserMessage.from("hi"));
        JdbcChatMemoryStore stored = new JdbcChatMemoryStore(db.dataSource(), 0);
        assertThat(stored.getMessages("alice/c1")).as("read back from the database, not the cache").isEqualTo(turn);

        String big = "x".repeat(2_500_000);
        memory.updateMessages("alice/big", List.of(ToolExecutionResultMessage.from("call-2", "balance", big)));
        assertThat(((ToolExecutionResultMessage) stored.getMessages("alice/big").getFirst()).text()).hasSize(big.length());

        memory.deleteMessages("alice/c1");
        assertThat(memory.getMessages("alice/c1")).isEmpty();
        assertThat(memory.getMessages("bob/c1")).hasSize(1);
    }

    // ---- spend journal

    private static List<JournalEvent> everyKind() {
        return List.of(
                new JournalEvent.IntentDecided("e1", T, "evm:31337:0xf39F", new PaymentIntent("agent-1",
                        new PaymentTarget.EvmTransfer(BOB), Amount.of(USDC, "12.5"), "lunch \"quoted\" ünïcode", "key-1"),
                        "NEEDS_APPROVAL", "approval-threshold", "above threshold", BOB.toString(), Optional.empty(),
                        Optional.of(T.plusSeconds(900))),
                new JournalEvent.ApprovalDecided("e1", T.plusSeconds(5), "alice@example", true, "ok"),
                new JournalEvent.Prepared("e1", T.plusSeconds(6), evmPayment("0xabc", "0x02f8", 7)),
                new JournalEvent.Outcome("e1", T.plusSeconds(9), PaymentOutcome.succeeded("0xabc",
                        Amount.ofUnits(Asset.NativeCoin.ether(31337), 21000), "block 12")),
                new JournalEvent.IntentDecided("e2", T, "lnd:regtest:alice", new PaymentIntent("agent-1",
                        new PaymentTarget.LightningInvoice("lnbcrt10u1pexample"),
                        Amount.of(new Asset.LightningBitcoin(BitcoinNetwork.REGTEST), "1000"), "", "key-2"),
                        "DENY", "budget", "over budget", "02abc", Optional.of("ff00"), Optional.empty()),
                new JournalEvent.ApprovalExpired("e3", T),
                new JournalEvent.Outcome("e2", T.plusSeconds(10), PaymentOutcome.failed("0xabc", "reverted")));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyJournalEventKindRoundTripsInOrder(Backend backend) throws Exception {
        BursarDatabase db = open(backend);
        List<JournalEvent> written = everyKind();
        try (JdbcSpendJournal journal = new JdbcSpendJournal(db.dataSource())) {
            for (int i = 0; i < written.size(); i++) {
                journal.append(written.get(i), i % 2 == 0);
            }
            assertThat(journal.replay()).containsExactlyElementsOf(written);
        }
        try (JdbcSpendJournal again = new JdbcSpendJournal(db.dataSource())) {
            assertThat(again.replay()).containsExactlyElementsOf(written);
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT entry_id, event_type FROM spend_journal ORDER BY seq")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getString(2));
            }
            assertThat(rows).containsExactly("e1:intent", "e1:approval", "e1:prepared", "e1:outcome", "e2:intent",
                    "e3:expired", "e2:outcome");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aClosedJournalRefusesAppends(Backend backend) {
        JdbcSpendJournal journal = open(backend).spendJournal();
        journal.close();
        assertThatThrownBy(() -> journal.append(new JournalEvent.ApprovalExpired("e1", T)))
                .isInstanceOf(dev.bursar.wallet.journal.JournalException.class).hasMessageContaining("not made");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theLedgerSeesTheSameEntriesAfterARestart(Backend backend) {
        PaymentIntent intent = new PaymentIntent("agent-1", new PaymentTarget.EvmTransfer(BOB), Amount.of(USDC, "3"), "rent", "idem-1");
        List<LedgerEntry> before;
        BursarDatabase first = open(backend);
        try (SpendLedger ledger = SpendLedger.open(new JdbcSpendJournal(first.dataSource()))) {
            ledger.record(new JournalEvent.IntentDecided("e1", T, "evm:31337:0xf39F", intent, "ALLOW", "", "ok",
                    BOB.toString(), Optional.empty(), Optional.empty()));
            ledger.record(new JournalEvent.Prepared("e1", T.plusSeconds(1), evmPayment("0x1", "0x02", 0)));
            ledger.record(new JournalEvent.Outcome("e1", T.plusSeconds(2), PaymentOutcome.succeeded("0x1", null, "block 1")), false);
            ledger.record(new JournalEvent.IntentDecided("e2", T, "evm:31337:0xf39F", new PaymentIntent("agent-1", new PaymentTarget.EvmTransfer(BOB), Amount.of(USDC, "300"), "car", "idem-2"),
                    "NEEDS_APPROVAL", "approval-threshold", "big", BOB.toString(), Optional.empty(), Optional.of(T.plusSeconds(600))));
            before = ledger.all();
        }
        databases.close(first);

        BursarDatabase restarted = open(backend);
        try (SpendLedger ledger = SpendLedger.open(new JdbcSpendJournal(restarted.dataSource()))) {
            assertThat(ledger.all()).containsExactlyElementsOf(before);
            assertThat(ledger.entry("e1").orElseThrow().state()).isEqualTo(EntryState.SUCCEEDED);
            assertThat(ledger.entry("e2").orElseThrow().state()).isEqualTo(EntryState.AWAITING_APPROVAL);
            assertThat(ledger.byIdempotencyKey("agent-1", "idem-1")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentAppendsFromEightThreadsAreAllKept(Backend backend) throws Exception {
        BursarDatabase db = open(backend);
        int threads = 8;
        int perThread = 40;
        try (JdbcSpendJournal journal = new JdbcSpendJournal(db.dataSource())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        journal.append(new JournalEvent.ApprovalExpired("t" + thread + "-" + i, T.plusSeconds(i)), i % 4 == 0);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();

            List<JournalEvent> replayed = journal.replay();
            assertThat(replayed).hasSize(threads * perThread);
            assertThat(replayed).extracting(JournalEvent::entryId).doesNotHaveDuplicates();
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + "-";
                List<String> ofThread = replayed.stream().map(JournalEvent::entryId).filter(id -> id.startsWith(prefix)).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    expected.add(prefix + i);
                }
                assertThat(ofThread).as("thread %d's events in its order", t).containsExactlyElementsOf(expected);
            }
        }
    }

    // ---- registry discovery index

    private static IndexedAgent registered(long id, String skill) {
        String json = """
                {"type": "https://eips.ethereum.org/EIPS/eip-8004#registration-v1", "name": "Agent %d", "description": "an agent",
                 "services": [{"name": "A2A", "endpoint": "https://a.example/", "skills": ["%s"]}],
                 "active": true, "registrations": [{"agentId": %d, "agentRegistry": "eip155:31337:%s"}]}
                """.formatted(id, skill, id, REGISTRY.value());
        return new IndexedAgent(BigInteger.valueOf(id), BOB, "data:...", BOB, RegistrationFile.parse(json), json, 7);
    }

    private static final EvmAddress REGISTRY = EvmAddress.of("0x8A791620dd6260079BF849Dc5567aDC3F2FdC318");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theDiscoveryIndexSurvivesARestartAndIsKeptPerRegistry(Backend backend) {
        RegistryRef ref = new RegistryRef(31337, REGISTRY);
        JdbcIndexStore store = new JdbcIndexStore(open(backend).dataSource(), ref);
        assertThat(store.load()).isEmpty();
        store.save(new IndexSnapshot(List.of(registered(1, "summarise")), List.of(), 8, List.of(new BlockRef(8, "0x01"))));
        IndexSnapshot second = new IndexSnapshot(List.of(registered(1, "summarise"), registered(2, "price-oracle dUSD→€")),
                List.of(new TrustedFeedback(BigInteger.TWO, BOB, 1, FeedbackValue.of(95, 0), false)), 12,
                List.of(new BlockRef(11, "0x0a"), new BlockRef(12, "0x0b")));
        store.save(second);

        IndexSnapshot reloaded = new JdbcIndexStore(open(backend).dataSource(), ref).load().orElseThrow();
        assertThat(reloaded.lastBlock()).isEqualTo(12);
        assertThat(reloaded.agents()).isEqualTo(second.agents());
        assertThat(reloaded.feedback()).isEqualTo(second.feedback());
        assertThat(reloaded.recentBlocks()).isEqualTo(second.recentBlocks());
        assertThat(new JdbcIndexStore(open(backend).dataSource(), new RegistryRef(1, REGISTRY)).load())
                .as("another chain's registry starts empty").isEmpty();
        assertThat(new JdbcIndexStore(open(backend).dataSource(), new RegistryRef(31337, BOB)).load())
                .as("another registry contract starts empty").isEmpty();
    }

    // ---- connecting

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "POSTGRESQL")
    void aWrongPasswordIsATypedErrorNamingTheUrlButNotThePassword(Backend backend) {
        PostgresExtension.Server pg = PostgresExtension.server();
        String url = pg.url("postgres");
        assertThatThrownBy(() -> BursarDatabase.connect(url, PostgresExtension.Server.USER, "wrong-secret-0451"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("login was refused")
                .hasMessageNotContaining("wrong-secret-0451")
                .hasMessageNotContaining(pg.password());
    }
}
