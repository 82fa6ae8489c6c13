package dev.bursar.wallet.bench;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.JournalEvent;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.Contact;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.policy.rules.IntentBindingRule;
import dev.bursar.wallet.policy.PolicyDecision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Policy + journal overhead of one allowed intent on the guarded path (decide, journal the intent, journal the prepared
 * payment durably, journal the outcome), against its baseline: the bare write + fsync of the same bytes.
 * The agent's history keeps ~100 authorized payments inside its one-hour budget window; the payment is bound to a
 * conversation of twelve user messages and an address book (intent binding), and its worst case includes the fee.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpendPathBenchmark {

    private static final Asset ETH = Asset.NativeCoin.ether(31337);
    private static final EvmAddress BOB = EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final EvmAddress FROM = EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    private Path dir;
    private SpendLedger ledger;
    private FileChannel baseline;
    private PaymentPolicy policy;
    private Grounding grounding;
    private Quote quote;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long sequence;
    private byte[][] baselineLines;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bursar-bench-");
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
        baseline = FileChannel.open(dir.resolve("baseline.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        policy = PaymentPolicy.builder()
                .maxPerTransaction(Amount.of(ETH, "1"))
                .budget(Duration.ofHours(1), Amount.of(ETH, "1000000"))
                .budget(Duration.ofMinutes(10), Amount.of(ETH, "1000000"))
                .allowRecipients(BOB.value())
                .rateLimit(1_000_000, Duration.ofMinutes(1))
                .approvalAbove(Amount.of(ETH, "0.5"))
                .bindToUserWords(IntentBindingRule.Mode.DENY)
                .build();
        List<String> said = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            said.add("what did I spend on coffee last week, and how much dUSD is left? message " + i);
        }
        said.add("Send 0.001 ETH to " + BOB.value().toLowerCase());
        grounding = Grounding.of(new UserWords(said, new AddressBook(List.of(new Contact("alice", FROM)))));
        PaymentIntent intent = new PaymentIntent("agent-1", new PaymentTarget.EvmTransfer(BOB), Amount.of(ETH, "0.001"), "bench", "k");
        quote = new Quote(intent, intent.amount(), Optional.of(Amount.of(ETH, "0.0001")), BOB.value(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of());
        String raw = "0x02f8" + "ab".repeat(110);
        baselineLines = new byte[][] {
                ("00000000 " + "x".repeat(420) + "\n").getBytes(StandardCharsets.UTF_8),
                ("00000000 " + "x".repeat(330) + raw + "\n").getBytes(StandardCharsets.UTF_8),
                ("00000000 " + "x".repeat(200) + "\n").getBytes(StandardCharsets.UTF_8)};
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ledger.close();
        baseline.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** The guarded path's own cost for one allowed payment: policy, three journal records, one fsync. */
    @Benchmark
    public Object guardedIntent() {
        now = now.plusSeconds(36);
        String id = "e" + (++sequence);
        PolicyDecision decision = policy.evaluate("agent-1", quote, grounding, ledger, now, false);
        if (!(decision instanceof PolicyDecision.Allow)) {
            throw new IllegalStateException(decision.reason());
        }
        ledger.record(new JournalEvent.IntentDecided(id, now, "evm:bench", quote.intent(), "ALLOW", "", decision.reason(),
                quote.recipient(), Optional.empty(), Optional.empty(), quote.maxFee(), List.copyOf(policy.worstCase(quote).values())), false);
        ledger.record(new JournalEvent.Prepared(id, now, new PreparedPayment.Evm("0x" + id, "0x02f8" + "ab".repeat(110),
                sequence, FROM, 31337, BOB, BigInteger.ZERO, BigInteger.valueOf(21_000), BigInteger.valueOf(2_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), "eip155:31337/native", id, Optional.empty())), true);
        return ledger.record(new JournalEvent.Outcome(id, now, PaymentOutcome.succeeded("0x" + id, null, "1")), false);
    }

    /** Baseline: writing the same three records' bytes and one fsync, with no policy or encoding. */
    @Benchmark
    public Object bareWriteAndFsync() throws IOException {
        for (byte[] line : baselineLines) {
            baseline.write(ByteBuffer.wrap(line));
        }
        baseline.force(false);
        return baseline;
    }
}
