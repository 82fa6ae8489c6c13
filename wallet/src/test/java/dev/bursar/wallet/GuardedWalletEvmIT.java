package dev.bursar.wallet;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.DevAccount;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guarded spending path end to end on a real anvil: policy decides, the journal records, EvmWallet signs and
 * sends; balances on chain move exactly as the journal says, and never twice.
 */
@WithDevnet({Component.EVM})
class GuardedWalletEvmIT {

    @TempDir
    Path dir;

    private Devnet devnet;
    private EvmWallet rail;
    private SpendLedger ledger;
    private MutableClock clock;
    private Asset eth;
    private EvmAddress recipient;

    @BeforeEach
    void setUp(Devnet devnet) {
        this.devnet = devnet;
        DevAccount payer = devnet.evm().accounts().get(7);
        rail = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId())
                .keys(EvmKeys.fromPrivateKey(payer.privateKey())).build();
        eth = rail.nativeCoin();
        recipient = freshAddress();
        clock = new MutableClock(Instant.now());
        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
    }

    @AfterEach
    void tearDown() {
        ledger.close();
    }

    private GuardedWallet guarded(PaymentPolicy policy) {
        return GuardedWallet.builder().agentId("agent-7").wallet(rail).policy(policy).ledger(ledger).clock(clock)
                .approvalTtl(Duration.ofMinutes(5)).build();
    }

    /** Caps, threshold and budget count the worst-case fee (well under 0.01 ETH per transfer on anvil). */
    private PaymentPolicy standardPolicy() {
        return PaymentPolicy.builder().maxPerTransaction(Amount.of(eth, "1")).approvalAbove(Amount.of(eth, "0.51"))
                .budget(Duration.ofDays(1), Amount.of(eth, "2.04")).build();
    }

    private PaymentIntent send(String eth, String key) {
        return new PaymentIntent("agent-7", new PaymentTarget.EvmTransfer(recipient), Amount.of(this.eth, eth), "test", key);
    }

    private BigInteger onChain(EvmAddress who) {
        return rail.balanceOf(who).units();
    }

    private static EvmAddress freshAddress() {
        return EvmAddress.of("0x" + UUID.randomUUID().toString().replace("-", "") + "00000000");
    }

    @Test
    void paysWithinPolicyExactlyOnceEvenWhenRetried() {
        GuardedWallet wallet = guarded(standardPolicy());
        SpendResult first = wallet.pay(send("0.1", "pay-1"));
        assertThat(first.state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(first.outcome().orElseThrow().reference()).startsWith("0x");
        assertThat(onChain(recipient)).isEqualTo(Amount.of(eth, "0.1").units());

        SpendResult again = wallet.pay(send("0.1", "pay-1"));
        assertThat(again.entryId()).isEqualTo(first.entryId());
        assertThat(onChain(recipient)).as("a retried intent is not a second payment").isEqualTo(Amount.of(eth, "0.1").units());
        assertThatThrownBy(() -> wallet.pay(send("0.2", "pay-1")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("already used for a different payment");
    }

    @Test
    void deniesAboveTheCapAndSendsNothing() {
        GuardedWallet wallet = guarded(standardPolicy());
        long nonceBefore = rail.nonces().peekNext();
        SpendResult result = wallet.pay(send("1.5", "too-big"));
        assertThat(result.state()).isEqualTo(EntryState.DENIED);
        assertThat(result.message()).contains("per-transaction limit");
        assertThat(onChain(recipient)).isZero();
        assertThat(rail.nonces().peekNext()).isEqualTo(nonceBefore);
        assertThat(ledger.entry(result.entryId()).orElseThrow().rule()).isEqualTo("max-per-transaction");
    }

    @Test
    void anApprovalExecutesExactlyTheApprovedIntentOnce() {
        GuardedWallet wallet = guarded(standardPolicy());
        SpendResult waiting = wallet.pay(send("0.6", "big-1"));
        assertThat(waiting.state()).isEqualTo(EntryState.AWAITING_APPROVAL);
        assertThat(onChain(recipient)).isZero();
        assertThat(wallet.pendingApprovals()).extracting(e -> e.id()).containsExactly(waiting.entryId());

        SpendResult approved = wallet.approve(waiting.entryId(), "owner@example");
        assertThat(approved.state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(onChain(recipient)).isEqualTo(Amount.of(eth, "0.6").units());
        assertThat(ledger.entry(waiting.entryId()).orElseThrow().decidedBy()).contains("owner@example");

        assertThatThrownBy(() -> wallet.approve(waiting.entryId(), "owner@example"))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("not waiting for approval");
        assertThat(onChain(recipient)).isEqualTo(Amount.of(eth, "0.6").units());
    }

    @Test
    void anExpiredOrRejectedApprovalPaysNothing() {
        GuardedWallet wallet = guarded(standardPolicy());
        SpendResult waiting = wallet.pay(send("0.7", "big-2"));
        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> wallet.approve(waiting.entryId(), "owner@example"))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("expired");
        assertThat(wallet.status(waiting.entryId()).state()).isEqualTo(EntryState.EXPIRED);

        SpendResult other = wallet.pay(send("0.8", "big-3"));
        assertThat(wallet.reject(other.entryId(), "owner@example", "not today").state()).isEqualTo(EntryState.REJECTED);
        assertThatThrownBy(() -> wallet.approve(other.entryId(), "owner@example")).isInstanceOf(ApprovalException.class);
        assertThat(onChain(recipient)).isZero();
    }

    @Test
    void theBudgetHoldsAcrossARestartOfTheJournal() {
        GuardedWallet wallet = guarded(standardPolicy());
        assertThat(wallet.pay(send("0.5", "b-1")).state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(wallet.pay(send("0.5", "b-2")).state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(wallet.pay(send("0.5", "b-3")).state()).isEqualTo(EntryState.SUCCEEDED);
        ledger.close();

        ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
        GuardedWallet restarted = guarded(standardPolicy());
        SpendResult over = restarted.pay(send("0.5", "b-4"));
        assertThat(over.state()).isEqualTo(EntryState.SUCCEEDED);
        SpendResult denied = restarted.pay(send("0.1", "b-5"));
        assertThat(denied.state()).isEqualTo(EntryState.DENIED);
        assertThat(denied.message()).contains("budget");
        assertThat(restarted.pay(send("0.5", "b-1")).state()).as("idempotency survives the restart").isEqualTo(EntryState.SUCCEEDED);
        assertThat(onChain(recipient)).isEqualTo(Amount.of(eth, "2").units());
    }

    @Test
    void paysErc20TokensUnderTheirOwnLimit() {
        Asset.Erc20Token dusd = rail.token(EvmAddress.of(devnet.contracts().get("DevToken")));
        assertThat(dusd.symbol()).isEqualTo("dUSD");
        assertThat(dusd.decimals()).isEqualTo(6);
        GuardedWallet noGas = guarded(PaymentPolicy.builder().maxPerTransaction(Amount.of(dusd, "100")).build());
        SpendResult unpaidGas = noGas.pay(new PaymentIntent("agent-7", new PaymentTarget.EvmTransfer(recipient), Amount.of(dusd, "1"), "", "usd-0"));
        assertThat(unpaidGas.state()).as("a token transfer's gas is ETH, which this policy does not let it spend").isEqualTo(EntryState.DENIED);
        assertThat(unpaidGas.message()).contains("fee is paid in it");
        GuardedWallet wallet = guarded(PaymentPolicy.builder().maxPerTransaction(Amount.of(dusd, "100"))
                .maxPerTransaction(Amount.of(eth, "0.001")).build());
        PaymentIntent pay = new PaymentIntent("agent-7", new PaymentTarget.EvmTransfer(recipient), Amount.of(dusd, "12.5"), "invoice 42", "usd-1");
        assertThat(wallet.pay(pay).state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(rail.balanceOf(dusd, recipient)).isEqualTo(Amount.of(dusd, "12.5"));
        SpendResult eth = wallet.pay(send("0.01", "eth-over-limit"));
        assertThat(eth.state()).as("ETH only pays gas in this policy").isEqualTo(EntryState.DENIED);
    }

    @Test
    void badInputChangesNothing() {
        GuardedWallet wallet = guarded(standardPolicy());
        int entries = ledger.all().size();
        assertThatThrownBy(() -> wallet.pay(new PaymentIntent("agent-7", new PaymentTarget.EvmTransfer(EvmAddress.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")),
                Amount.of(eth, "20000"), "", "rich"))).isInstanceOf(InsufficientFundsException.class);
        assertThatThrownBy(() -> wallet.pay(new PaymentIntent("agent-x", new PaymentTarget.EvmTransfer(recipient), Amount.of(eth, "0.1"), "", "k")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("belongs to agent agent-7");
        assertThat(ledger.all()).hasSize(entries);
    }
}
