package dev.bursar.runtime.store;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.journal.JournalEvent;
import dev.bursar.wallet.journal.JournalException;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.runtime.store.TestDatabases.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database side of running several runtime instances on one database, on H2 and on PostgreSQL: writer leases
 * (exclusive, lapsing, fenced) and the constraints that refuse a duplicate intent, a second final outcome and a
 * reused nonce whatever the writing process believes.
 */
@ExtendWith(PostgresExtension.class)
class WriterLeasesIT {

    private static final Instant T = Instant.parse("2026-12-03T12:00:00Z");
    private static final Asset ETH = Asset.NativeCoin.ether(31337);
    private static final EvmAddress FROM = EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    private static final EvmAddress BOB = EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final Duration TTL = Duration.ofMillis(600);

    @TempDir
    Path dir;

    private TestDatabases databases;

    @BeforeEach
    void databases() {
        databases = new TestDatabases(dir);
    }

    @AfterEach
    void close() {
        databases.close();
    }

    private BursarDatabase open(Backend backend) {
        return databases.open(backend);
    }

    private static JournalEvent.IntentDecided intent(String entry, String agent, String key) {
        return new JournalEvent.IntentDecided(entry, T, "evm:31337:" + FROM, new PaymentIntent(agent,
                new PaymentTarget.EvmTransfer(BOB), Amount.ofUnits(ETH, 1000), "", key), "ALLOW", "", "ok", BOB.toString(),
                Optional.empty(), Optional.empty());
    }

    private static JournalEvent.Prepared signed(String entry, long nonce, String hash) {
        return new JournalEvent.Prepared(entry, T, new PreparedPayment.Evm(hash, "0x02", nonce, FROM, 31337, BOB, BigInteger.valueOf(1000),
                BigInteger.valueOf(21_000), BigInteger.TWO, BigInteger.ONE, ETH.id(), "k", Optional.empty()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aLeaseIsExclusiveUntilItLapsesAndATakeOverRaisesItsFence(Backend backend) throws Exception {
        BursarDatabase db = open(backend);
        JdbcAgentLeases a = new JdbcAgentLeases(db.dataSource(), "a", "http://127.0.0.1:1", TTL);
        JdbcAgentLeases b = new JdbcAgentLeases(db.dataSource(), "b", "http://127.0.0.1:2", TTL);

        JdbcAgentLeases.Lease first = a.acquire("agent-1");
        assertThat(first.mine()).isTrue();
        assertThat(a.acquire("agent-1").fence()).as("renewing by taking again keeps the fence").isEqualTo(first.fence());
        JdbcAgentLeases.Lease seenByB = b.acquire("agent-1");
        assertThat(seenByB.mine()).isFalse();
        assertThat(seenByB.holder()).isEqualTo("a");
        assertThat(seenByB.holderUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(b.acquire("agent-2").mine()).as("leases are per agent").isTrue();

        Thread.sleep(TTL.toMillis() + 200);
        JdbcAgentLeases.Lease taken = b.acquire("agent-1");
        assertThat(taken.mine()).isTrue();
        assertThat(taken.fence()).isEqualTo(first.fence() + 1);
        assertThat(a.renew("agent-1", first.fence())).as("the old holder cannot renew a lease taken from it").isFalse();
        assertThat(a.acquire("agent-1").mine()).isFalse();

        b.release("agent-1", taken.fence());
        assertThat(a.acquire("agent-1").mine()).as("a released lease is free at once").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aProcessThatLostItsLeaseCannotRecordAnything(Backend backend) throws Exception {
        BursarDatabase db = open(backend);
        JdbcAgentLeases a = new JdbcAgentLeases(db.dataSource(), "a", "http://127.0.0.1:1", TTL);
        JdbcAgentLeases b = new JdbcAgentLeases(db.dataSource(), "b", "http://127.0.0.1:2", TTL);
        JdbcSpendJournal journalA = new JdbcSpendJournal(db.dataSource(), a.fence());
        JdbcSpendJournal journalB = new JdbcSpendJournal(db.dataSource(), b.fence());

        assertThatThrownBy(() -> journalA.append(intent("e1", "agent-1", "k1"), true))
                .as("no lease taken yet").isInstanceOf(LeaseLostException.class).hasMessageContaining("not recorded");
        a.acquire("agent-1");
        journalA.append(intent("e1", "agent-1", "k1"), true);

        Thread.sleep(TTL.toMillis() + 200); // a pauses; its lease lapses and b takes the agent over
        assertThat(b.acquire("agent-1").mine()).isTrue();
        assertThatThrownBy(() -> journalA.append(signed("e1", 0, "0x01"), true)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> journalA.append(intent("e2", "agent-1", "k2"), false)).isInstanceOf(LeaseLostException.class);
        journalB.append(new JournalEvent.Outcome("e1", T, PaymentOutcome.failed("", "interrupted before it was prepared")), true);

        assertThat(new JdbcSpendJournal(db.dataSource()).replay()).extracting(JournalEvent::entryId).containsExactly("e1", "e1");

        // a lease the same instance id lost and took back is a new fencing token: work done under the old one is refused
        JdbcAgentLeases aAgain = new JdbcAgentLeases(db.dataSource(), "a", "http://127.0.0.1:1", TTL);
        JdbcSpendJournal staleA = new JdbcSpendJournal(db.dataSource(), a.fence());
        Thread.sleep(TTL.toMillis() + 200);
        assertThat(aAgain.acquire("agent-1").mine()).isTrue();
        assertThatThrownBy(() -> staleA.append(intent("e3", "agent-1", "k3"), true)).isInstanceOf(LeaseLostException.class);
        new JdbcSpendJournal(db.dataSource(), aAgain.fence()).append(intent("e3", "agent-1", "k3"), true);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theDatabaseRefusesADuplicateIntentASecondOutcomeAndAReusedNonce(Backend backend) {
        BursarDatabase db = open(backend);
        JdbcSpendJournal one = new JdbcSpendJournal(db.dataSource());
        JdbcSpendJournal two = new JdbcSpendJournal(db.dataSource()); // a second process that believes it may write

        one.append(intent("e1", "agent-1", "k1"), true);
        assertThatThrownBy(() -> two.append(intent("e1", "agent-1", "other"), true)).isInstanceOf(JournalException.class)
                .hasMessageContaining("not made again");
        assertThatThrownBy(() -> two.append(intent("e9", "agent-1", "k1"), true)).as("same idempotency key")
                .isInstanceOf(JournalException.class);
        two.append(intent("e2", "agent-2", "k1"), true); // another agent's key of the same name

        one.append(signed("e1", 7, "0x01"), true);
        one.append(signed("e1", 7, "0x02"), true); // a fee bump of the same entry keeps its nonce
        assertThatThrownBy(() -> two.append(signed("e2", 7, "0x03"), true)).isInstanceOf(JournalException.class)
                .hasMessageContaining("nonce 7").hasMessageContaining("e1");
        two.append(signed("e2", 8, "0x03"), true);
        two.append(new JournalEvent.Outcome("e2", T, PaymentOutcome.failed("0x03", "the node refused it: insufficient funds")), true);
        two.append(intent("e3", "agent-2", "k3"), true);
        two.append(signed("e3", 8, "0x04"), true); // a refused transaction gave its nonce back to the wallet

        one.append(new JournalEvent.Outcome("e1", T, PaymentOutcome.pending("0x02")), false);
        one.append(new JournalEvent.Outcome("e1", T, PaymentOutcome.succeeded("0x02", null, "block 3")), true);
        assertThatThrownBy(() -> two.append(new JournalEvent.Outcome("e1", T, PaymentOutcome.failed("0x02", "dropped")), true))
                .isInstanceOf(JournalException.class);

        assertThat(new JdbcSpendJournal(db.dataSource()).replay()).hasSize(10);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ofEightInstancesRacingForOneAgentExactlyOneGetsIt(Backend backend) throws Exception {
        BursarDatabase db = open(backend);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JdbcAgentLeases.Lease>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            JdbcAgentLeases leases = new JdbcAgentLeases(db.dataSource(), "i" + i, "http://127.0.0.1:" + (10 + i), Duration.ofSeconds(30));
            results.add(pool.submit(() -> {
                go.await();
                return leases.acquire("agent-1");
            }));
        }
        go.countDown();
        List<JdbcAgentLeases.Lease> leases = new ArrayList<>();
        for (Future<JdbcAgentLeases.Lease> f : results) {
            leases.add(f.get());
        }
        pool.shutdown();
        assertThat(leases).filteredOn(JdbcAgentLeases.Lease::mine).hasSize(1);
        assertThat(leases).extracting(JdbcAgentLeases.Lease::holder).containsOnly(leases.stream().filter(JdbcAgentLeases.Lease::mine)
                .findFirst().orElseThrow().holder());
    }
}
