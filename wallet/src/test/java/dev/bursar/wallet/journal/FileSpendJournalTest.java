package dev.bursar.wallet.journal;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.value.BitcoinNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSpendJournalTest {

    private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");
    private static final Asset USDC = new Asset.Erc20Token(31337, EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"), "dUSD", 6);

    /** A signed-looking EVM payment for journal tests; the journal neither checks the signature nor the hash. */
    static PreparedPayment.Evm evmPayment(String hash, String raw, long nonce) {
        return new PreparedPayment.Evm(hash, raw, nonce, EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), 31337,
                EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), BigInteger.ZERO, BigInteger.valueOf(21_000),
                BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000_000L), "eip155:31337/native", "key-1", Optional.empty());
    }

    @TempDir
    Path dir;

    @Test
    void everyEventKindSurvivesARestartExactly() {
        Path file = dir.resolve("journal.log");
        List<JournalEvent> written = List.of(
                new JournalEvent.IntentDecided("e1", T, "evm:31337:0xf39F", new PaymentIntent("agent-1",
                        new PaymentTarget.EvmTransfer(EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")),
                        Amount.of(USDC, "12.5"), "lunch \"quoted\" ünïcode", "key-1"), "NEEDS_APPROVAL", "approval-threshold",
                        "above threshold", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", Optional.empty(), Optional.of(T.plusSeconds(900))),
                new JournalEvent.ApprovalDecided("e1", T.plusSeconds(5), "alice@example", true, "ok"),
                new JournalEvent.Prepared("e1", T.plusSeconds(6), evmPayment("0xabc", "0x02f8", 7)),
                new JournalEvent.Outcome("e1", T.plusSeconds(9), PaymentOutcome.succeeded("0xabc", Amount.ofUnits(Asset.NativeCoin.ether(31337), 21000), "block 12")),
                new JournalEvent.IntentDecided("e2", T, "lnd:regtest:alice", new PaymentIntent("agent-1",
                        new PaymentTarget.LightningInvoice("lnbcrt10u1pexample"), Amount.of(new Asset.LightningBitcoin(BitcoinNetwork.REGTEST), "1000"),
                        "", "key-2"), "DENY", "budget", "over budget", "02abc", Optional.of("ff00"), Optional.empty()),
                new JournalEvent.ApprovalExpired("e3", T));
        try (FileSpendJournal journal = FileSpendJournal.open(file)) {
            written.forEach(journal::append);
        }
        try (FileSpendJournal reopened = FileSpendJournal.open(file)) {
            assertThat(reopened.replay()).containsExactlyElementsOf(written);
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestKept() throws Exception {
        Path file = dir.resolve("journal.log");
        try (FileSpendJournal journal = FileSpendJournal.open(file)) {
            journal.append(new JournalEvent.ApprovalExpired("e1", T));
            journal.append(new JournalEvent.ApprovalExpired("e2", T));
        }
        long goodSize = Files.size(file);
        Files.write(file, "3f2a91c0 {\"entry\":\"e3\",\"at\":\"2026-11".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        try (FileSpendJournal journal = FileSpendJournal.open(file)) {
            assertThat(journal.replay()).extracting(JournalEvent::entryId).containsExactly("e1", "e2");
            assertThat(Files.size(file)).isEqualTo(goodSize);
            journal.append(new JournalEvent.ApprovalExpired("e4", T));
        }
        try (FileSpendJournal journal = FileSpendJournal.open(file)) {
            assertThat(journal.replay()).extracting(JournalEvent::entryId).containsExactly("e1", "e2", "e4");
        }
    }

    @Test
    void damageBeforeTheLastRecordRefusesToOpen() throws Exception {
        Path file = dir.resolve("journal.log");
        try (FileSpendJournal journal = FileSpendJournal.open(file)) {
            journal.append(new JournalEvent.ApprovalExpired("e1", T));
            journal.append(new JournalEvent.ApprovalExpired("e2", T));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[12] = (byte) (bytes[12] ^ 0x01);
        Files.write(file, bytes);
        assertThatThrownBy(() -> FileSpendJournal.open(file))
                .isInstanceOf(JournalException.class).hasMessageContaining("damaged at line 1").hasMessageContaining("backup");
    }

    @Test
    void onlyOneWriterAtATime() {
        Path file = dir.resolve("journal.log");
        try (FileSpendJournal ignored = FileSpendJournal.open(file)) {
            assertThatThrownBy(() -> FileSpendJournal.open(file)).isInstanceOf(JournalException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void theLedgerFoldsEventsAndRefusesImpossibleTransitions() {
        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("j.log")))) {
            PaymentIntent intent = new PaymentIntent("agent-1", new PaymentTarget.EvmTransfer(EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")),
                    Amount.of(USDC, "1"), "", "k");
            ledger.record(new JournalEvent.IntentDecided("e1", T, "w", intent, "ALLOW", "", "ok", "0x7099", Optional.empty(), Optional.empty()));
            assertThat(ledger.entry("e1").orElseThrow().state()).isEqualTo(EntryState.AUTHORIZED);
            ledger.record(new JournalEvent.Prepared("e1", T, evmPayment("0x1", "0x02", 0)));
            assertThat(ledger.inState(EntryState.PREPARED)).hasSize(1);
            ledger.record(new JournalEvent.Outcome("e1", T, PaymentOutcome.failed("0x1", "reverted")));
            assertThat(ledger.entry("e1").orElseThrow().state()).isEqualTo(EntryState.FAILED);
            assertThatThrownBy(() -> ledger.record(new JournalEvent.Outcome("e1", T, PaymentOutcome.succeeded("0x1", null, null))))
                    .isInstanceOf(JournalException.class).hasMessageContaining("already FAILED");
            assertThatThrownBy(() -> ledger.record(new JournalEvent.ApprovalExpired("nope", T))).isInstanceOf(JournalException.class);
            assertThat(ledger.byIdempotencyKey("agent-1", "k")).isPresent();
        }
    }
}
