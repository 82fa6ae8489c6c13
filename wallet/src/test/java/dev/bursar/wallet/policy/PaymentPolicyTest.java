package dev.bursar.wallet.policy;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.evm.EvmAddress;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.JournalEvent;
import dev.bursar.wallet.journal.SpendLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentPolicyTest {

    private static final Asset ETH = Asset.NativeCoin.ether(31337);
    private static final Asset USDC = new Asset.Erc20Token(31337, EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"), "USDC", 6);
    private static final EvmAddress BOB = EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final EvmAddress MALLORY = EvmAddress.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    private static final EvmAddress ROUTER = EvmAddress.of("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dir;
    private SpendLedger ledger;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void openLedger() {
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Test
    void anAssetWithoutALimitCannotBeSpent() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(USDC, "100")).build();
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.001"))))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("no-limit"));
    }

    @Test
    void perTransactionCapAllowsUpToItAndDeniesAbove() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "0.1")).build();
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.1")))).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.100000000000000001"))))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> {
                    assertThat(d.rule()).isEqualTo("max-per-transaction");
                    assertThat(d.reason()).contains("0.1 ETH");
                });
    }

    @Test
    void rollingBudgetCountsWhatWasCommittedInTheWindow() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1"))
                .budget(Duration.ofHours(1), Amount.of(ETH, "1")).build();
        commit(transfer(BOB, Amount.of(ETH, "0.7")), NOW.minus(Duration.ofMinutes(59)));
        commit(transfer(BOB, Amount.of(ETH, "0.9")), NOW.minus(Duration.ofMinutes(61)));
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.3")))).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.31"))))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> {
                    assertThat(d.rule()).isEqualTo("budget");
                    assertThat(d.reason()).contains("hourly").contains("0.7 ETH already committed");
                });
    }

    @Test
    void aFailedPaymentNoLongerCountsAgainstTheBudget() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1"))
                .budget(Duration.ofDays(1), Amount.of(ETH, "1")).build();
        String id = commit(transfer(BOB, Amount.of(ETH, "1")), NOW.minusSeconds(10));
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.5")))).isInstanceOf(PolicyDecision.Deny.class);
        ledger.record(new JournalEvent.Outcome(id, NOW, dev.bursar.wallet.PaymentOutcome.failed("0xabc", "reverted")));
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.5")))).isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void allowAndDenyListsApplyToTheRecipient() {
        PaymentPolicy allow = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1")).allowRecipients(BOB.value()).build();
        assertThat(decide(allow, transfer(BOB, Amount.of(ETH, "0.1")))).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(decide(allow, transfer(MALLORY, Amount.of(ETH, "0.1"))))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("allowlist"));
        PaymentPolicy deny = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1")).denyRecipients(MALLORY.lowerCase()).build();
        assertThat(decide(deny, transfer(MALLORY, Amount.of(ETH, "0.1"))))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("denylist"));
        assertThat(decide(deny, transfer(BOB, Amount.of(ETH, "0.1")))).isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void contractCallsAndApprovalsNeedTheContractAllowList() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1"))
                .maxPerTransaction(Amount.of(USDC, "100")).allowContracts(ROUTER).build();
        Quote callRouter = quote(new PaymentIntent("agent-1", new PaymentTarget.ContractCall(ROUTER, "0xd0e30db0"),
                Amount.of(ETH, "0.1"), "deposit", "k" + ids.incrementAndGet()), ROUTER.value());
        Quote callOther = quote(new PaymentIntent("agent-1", new PaymentTarget.ContractCall(MALLORY, "0xd0e30db0"),
                Amount.of(ETH, "0.1"), "deposit", "k" + ids.incrementAndGet()), MALLORY.value());
        Quote approveOther = quote(new PaymentIntent("agent-1", new PaymentTarget.Erc20Approval(MALLORY),
                Amount.of(USDC, "10"), "", "k" + ids.incrementAndGet()), MALLORY.value());
        assertThat(decide(policy, callRouter)).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(decide(policy, callOther)).isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("contract-allowlist"));
        assertThat(decide(policy, approveOther)).isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("contract-allowlist"));
    }

    @Test
    void aboveTheThresholdAPersonDecides() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1")).approvalAbove(Amount.of(ETH, "0.1")).build();
        Quote big = transfer(BOB, Amount.of(ETH, "0.5"));
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.1")))).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(decide(policy, big)).isInstanceOf(PolicyDecision.NeedsApproval.class);
        assertThat(policy.evaluate("agent-1", big, ledger, NOW, true)).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(policy.evaluate("agent-1", transfer(BOB, Amount.of(ETH, "2")), ledger, NOW, true))
                .as("an approval never lifts the hard cap").isInstanceOf(PolicyDecision.Deny.class);
    }

    @Test
    void rateLimitCountsRecentPayments() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1")).rateLimit(2, Duration.ofMinutes(1)).build();
        commit(transfer(BOB, Amount.of(ETH, "0.01")), NOW.minusSeconds(30));
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.01")))).isInstanceOf(PolicyDecision.Allow.class);
        commit(transfer(BOB, Amount.of(ETH, "0.01")), NOW.minusSeconds(20));
        assertThat(decide(policy, transfer(BOB, Amount.of(ETH, "0.01"))))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("rate-limit"));
    }

    @Test
    void theGuardBlocksWarnsAndFailsClosed() {
        PaymentPolicy blocking = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1"))
                .guard(q -> GuardVerdict.block("honeypot: sells revert")).build();
        PaymentPolicy warning = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1"))
                .guard(q -> GuardVerdict.warn("unverified contract, score 55")).build();
        PaymentPolicy broken = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1"))
                .guard(q -> {
                    throw new IllegalStateException("node timeout");
                }).build();
        Quote q = transfer(BOB, Amount.of(ETH, "0.1"));
        assertThat(decide(blocking, q)).isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.reason()).contains("honeypot"));
        assertThat(decide(warning, q)).isInstanceOf(PolicyDecision.NeedsApproval.class);
        assertThat(warning.evaluate("agent-1", q, ledger, NOW, true)).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(blocking.evaluate("agent-1", q, ledger, NOW, true)).as("approval never lifts a BLOCK").isInstanceOf(PolicyDecision.Deny.class);
        assertThat(decide(broken, q)).isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.reason()).contains("never treated as safe"));
    }

    private PolicyDecision decide(PaymentPolicy policy, Quote quote) {
        return policy.evaluate("agent-1", quote, ledger, NOW, false);
    }

    private Quote transfer(EvmAddress to, Amount amount) {
        return quote(new PaymentIntent("agent-1", new PaymentTarget.EvmTransfer(to), amount, "test", "k" + ids.incrementAndGet()), to.value());
    }

    private static Quote quote(PaymentIntent intent, String recipient) {
        Optional<String> contract = intent.target() instanceof PaymentTarget.ContractCall c ? Optional.of(c.contract().value()) : Optional.empty();
        return new Quote(intent, intent.amount(), Optional.empty(), recipient, contract, Optional.empty(), Optional.empty(), Map.of());
    }

    private String commit(Quote quote, Instant at) {
        String id = "e" + ids.incrementAndGet();
        ledger.record(new JournalEvent.IntentDecided(id, at, "evm:test", quote.intent(), "ALLOW", "", "within policy",
                quote.recipient(), Optional.empty(), Optional.empty()));
        return id;
    }
}
