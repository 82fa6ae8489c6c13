package dev.bursar.wallet.policy;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.policy.rules.IntentBindingRule;
import dev.bursar.wallet.value.EvmAddress;
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
import java.util.List;
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
        assertThat(decide(policy, callRouter)).as("allowed contract, but call data Bursar cannot read as a spend")
                .isInstanceOfSatisfying(PolicyDecision.NeedsApproval.class, d -> assertThat(d.rule()).isEqualTo("calldata"));
        assertThat(decide(policy, callOther)).isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("contract-allowlist"));
        assertThat(decide(policy, approveOther)).isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("contract-allowlist"));
    }

    @Test
    void anOwnersDutyCallPassesUnlessItsCallerOrTheOwnerAsksForAPerson() {
        PaymentPolicy plain = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "0.01")).allowContracts(ROUTER)
                .declareCalls(ROUTER, "0x7b3c71d3").bindToUserWords(dev.bursar.wallet.policy.rules.IntentBindingRule.Mode.DENY).build();
        Quote vote = quote(new PaymentIntent("agent-1", new PaymentTarget.ContractCall(ROUTER, "0x7b3c71d3" + "0".repeat(64)),
                Amount.zero(ETH), "vote", "k" + ids.incrementAndGet()), ROUTER.value());
        var duty = new dev.bursar.wallet.binding.Grounding.OwnerDuty("vote by the mandate", java.util.Set.of(ROUTER));
        var heavy = new dev.bursar.wallet.binding.Grounding.OwnerDuty("vote by the mandate", java.util.Set.of(ROUTER),
                java.util.Optional.of("this vote carries 550000 votes"));
        assertThat(plain.evaluate("agent-1", vote, duty, ledger, NOW, false)).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(plain.evaluate("agent-1", vote, heavy, ledger, NOW, false)).as("the caller may make it stricter")
                .isInstanceOfSatisfying(PolicyDecision.NeedsApproval.class, d -> assertThat(d.reason())
                        .isEqualTo("vote by the mandate: this vote carries 550000 votes"));
        assertThat(plain.evaluate("agent-1", vote, heavy, ledger, NOW, true)).isInstanceOf(PolicyDecision.Allow.class);

        PaymentPolicy careful = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "0.01")).allowContracts(ROUTER)
                .declareCalls(ROUTER, "0x7b3c71d3").bindToUserWords(dev.bursar.wallet.policy.rules.IntentBindingRule.Mode.DENY)
                .rule(new dev.bursar.wallet.policy.rules.DeclaredCallApprovalRule(java.util.Map.of(ROUTER, List.of("0x7B3C71D3")), "duty votes"))
                .build();
        assertThat(careful.evaluate("agent-1", vote, duty, ledger, NOW, false)).as("the owner asked to see every such call")
                .isInstanceOfSatisfying(PolicyDecision.NeedsApproval.class, d -> assertThat(d.rule()).isEqualTo("declared-call"));
        assertThat(careful.evaluate("agent-1", vote, duty, ledger, NOW, true)).isInstanceOf(PolicyDecision.Allow.class);
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

    @Test
    void theWorstCaseFeeCountsAgainstCapsThresholdsAndBudgets() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "0.1")).approvalAbove(Amount.of(ETH, "0.02"))
                .budget(Duration.ofDays(1), Amount.of(ETH, "0.15")).build();
        assertThat(decide(policy, withFee(transfer(BOB, Amount.of(ETH, "0.099")), "0.002")))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> {
                    assertThat(d.rule()).isEqualTo("max-per-transaction");
                    assertThat(d.reason()).contains("0.099 ETH plus up to 0.002 ETH in fees");
                });
        assertThat(decide(policy, withFee(transfer(BOB, Amount.of(ETH, "0.019")), "0.002")))
                .as("below the threshold by amount, above it with the fee").isInstanceOf(PolicyDecision.NeedsApproval.class);
        Quote committed = withFee(transfer(BOB, Amount.of(ETH, "0.09")), "0.01");
        ledger.record(new JournalEvent.IntentDecided("fee-1", NOW.minusSeconds(60), "evm:test", committed.intent(), "ALLOW", "", "ok",
                committed.recipient(), Optional.empty(), Optional.empty(), committed.maxFee(), java.util.List.copyOf(policy.worstCase(committed).values())));
        assertThat(ledger.committedSince("agent-1", ETH, NOW.minusSeconds(3600))).isEqualTo(Amount.of(ETH, "0.1"));
        assertThat(decide(policy, withFee(transfer(BOB, Amount.of(ETH, "0.045")), "0.0051")))
                .as("0.1 committed (fee included) + 0.045 fits 0.15 by amount, not with its fee")
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("budget"));
    }

    @Test
    void aTokenTransferCostsGasInTheNativeCoinWhichNeedsItsOwnLimit() {
        PaymentPolicy noEth = PaymentPolicy.builder().maxPerTransaction(Amount.of(USDC, "100")).build();
        assertThat(decide(noEth, withFee(transfer(BOB, Amount.of(USDC, "5")), "0.001")))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> {
                    assertThat(d.rule()).isEqualTo("no-limit");
                    assertThat(d.reason()).contains(ETH.id()).contains("fee is paid in it");
                });
        PaymentPolicy tinyEth = PaymentPolicy.builder().maxPerTransaction(Amount.of(USDC, "100")).maxPerTransaction(Amount.of(ETH, "0.0005")).build();
        assertThat(decide(tinyEth, withFee(transfer(BOB, Amount.of(USDC, "5")), "0.001")))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.reason()).contains("up to 0.001 ETH in fees"));
    }

    @Test
    void intentBindingHoldsWithEveryOtherLimitLoosened() {
        PaymentPolicy loose = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1000")).maxPerTransaction(Amount.of(USDC, "1000000"))
                .bindToUserWords(IntentBindingRule.Mode.DENY).build();
        Quote fiveUsdc = transfer(BOB, Amount.of(USDC, "5"));
        Grounding asked = Grounding.of(new UserWords(java.util.List.of("send 5 ETH to " + BOB), null));
        assertThat(loose.evaluate("agent-1", fiveUsdc, asked, ledger, NOW, false))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> {
                    assertThat(d.rule()).isEqualTo("intent-binding");
                    assertThat(d.reason()).contains("you wrote 5 ETH; the agent proposed 5 USDC");
                });
        assertThat(loose.evaluate("agent-1", transfer(BOB, Amount.of(ETH, "5")), asked, ledger, NOW, false)).isInstanceOf(PolicyDecision.Allow.class);
        assertThat(decide(loose, transfer(BOB, Amount.of(ETH, "5")))).as("grounded in nothing").isInstanceOf(PolicyDecision.Deny.class);
        PaymentPolicy asking = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1000")).maxPerTransaction(Amount.of(USDC, "1000000"))
                .bindToUserWords(IntentBindingRule.Mode.APPROVE).build();
        assertThat(asking.evaluate("agent-1", fiveUsdc, asked, ledger, NOW, false))
                .isInstanceOfSatisfying(PolicyDecision.NeedsApproval.class, d -> assertThat(d.reason()).contains("you wrote 5 ETH"));
        assertThat(asking.evaluate("agent-1", fiveUsdc, asked, ledger, NOW, true)).as("the owner approved the card").isInstanceOf(PolicyDecision.Allow.class);
    }

    @Test
    void anErc20SpendInsideCallDataMeetsTheTokensCapAndAnUnknownTokenCannotBeSpent() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1")).maxPerTransaction(Amount.of(USDC, "100"))
                .allowContracts(((Asset.Erc20Token) USDC).contract(), ROUTER).build();
        String transfer200 = "0xa9059cbb" + "0".repeat(24) + BOB.lowerCase().substring(2) + String.format("%064x", 200_000_000L);
        Quote viaCall = quote(new PaymentIntent("agent-1", new PaymentTarget.ContractCall(((Asset.Erc20Token) USDC).contract(), transfer200),
                Amount.zero(ETH), "", "k" + ids.incrementAndGet()), ((Asset.Erc20Token) USDC).contract().value());
        assertThat(decide(policy, viaCall)).isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> {
            assertThat(d.rule()).isEqualTo("max-per-transaction");
            assertThat(d.reason()).contains("200 USDC");
        });
        Quote unknownToken = quote(new PaymentIntent("agent-1", new PaymentTarget.ContractCall(ROUTER, transfer200),
                Amount.zero(ETH), "", "k" + ids.incrementAndGet()), ROUTER.value());
        assertThat(decide(policy, unknownToken)).isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.rule()).isEqualTo("no-limit"));
    }

    @Test
    void aGuardFailureNeverCarriesTheNodeUrlsKey() {
        PaymentPolicy broken = PaymentPolicy.builder().maxPerTransaction(Amount.of(ETH, "1"))
                .guard(q -> {
                    throw new IllegalStateException("eth_call to https://eth.example.com/v2/SECRETKEY123 timed out");
                }).build();
        assertThat(decide(broken, transfer(BOB, Amount.of(ETH, "0.1"))))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> assertThat(d.reason()).contains("https://eth.example.com")
                        .doesNotContain("SECRETKEY123"));
    }

    private static Quote withFee(Quote q, String feeEth) {
        return new Quote(q.intent(), q.amount(), Optional.of(Amount.of(ETH, feeEth)), q.recipient(), q.contract(), q.paymentHash(),
                q.expiresAt(), q.details());
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

    @Test
    void eachApiServiceHasABudgetOfItsOwnOnByDefaultThatApprovalDoesNotLift() {
        PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(USDC, "1")).build();
        dev.bursar.wallet.binding.Grounding quotes = new dev.bursar.wallet.binding.Grounding.PaidFetch("quotes.example");
        for (int i = 0; i < PaymentPolicy.Builder.DEFAULT_SERVICE_BUDGET_PAYMENTS; i++) {
            assertThat(policy.evaluate("agent-1", transfer(BOB, Amount.of(USDC, "1")), quotes, ledger, NOW, false))
                    .isInstanceOf(PolicyDecision.Allow.class);
            commitToService(transfer(BOB, Amount.of(USDC, "1")), NOW.minus(Duration.ofHours(2)), "quotes.example");
        }
        assertThat(policy.evaluate("agent-1", transfer(BOB, Amount.of(USDC, "1")), quotes, ledger, NOW, false))
                .isInstanceOfSatisfying(PolicyDecision.Deny.class, d -> {
                    assertThat(d.rule()).isEqualTo("service-budget");
                    assertThat(d.reason()).contains("daily budget of 10 USDC for the API at quotes.example").contains("10 USDC already committed");
                });
        assertThat(policy.evaluate("agent-1", transfer(BOB, Amount.of(USDC, "1")), quotes, ledger, NOW, true))
                .as("a person's approval does not lift a budget").isInstanceOf(PolicyDecision.Deny.class);
        assertThat(policy.evaluate("agent-1", transfer(BOB, Amount.of(USDC, "1")), new dev.bursar.wallet.binding.Grounding.PaidFetch("weather.example"),
                ledger, NOW, false)).as("another service has its own budget").isInstanceOf(PolicyDecision.Allow.class);
        assertThat(decide(policy, transfer(BOB, Amount.of(USDC, "1")))).as("a payment that buys no API is not a service's").isInstanceOf(PolicyDecision.Allow.class);

        PaymentPolicy hourly = PaymentPolicy.builder().maxPerTransaction(Amount.of(USDC, "1")).serviceBudget(Duration.ofHours(1), Amount.of(USDC, "3")).build();
        assertThat(hourly.evaluate("agent-1", transfer(BOB, Amount.of(USDC, "1")), quotes, ledger, NOW, false))
                .as("a configured budget replaces the default; earlier spends fell out of its window").isInstanceOf(PolicyDecision.Allow.class);
        ledger.close();
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
        assertThat(ledger.committedToServiceSince("agent-1", "quotes.example", USDC, NOW.minus(Duration.ofDays(1))))
                .as("the service each purchase was for survives a restart").isEqualTo(Amount.of(USDC, "10"));
    }

    private void commitToService(Quote quote, Instant at, String service) {
        ledger.record(new JournalEvent.IntentDecided("e" + ids.incrementAndGet(), at, "evm:test", quote.intent(), "ALLOW", "", "within policy",
                quote.recipient(), Optional.empty(), Optional.empty(), Optional.empty(), java.util.List.of(), Optional.of(service)));
    }
}
