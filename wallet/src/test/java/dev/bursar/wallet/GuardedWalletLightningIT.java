package dev.bursar.wallet;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.DecodedInvoice;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guarded path over real LND: policy in sats, approval, and an invoice never paid twice. */
@WithDevnet({Component.LIGHTNING})
class GuardedWalletLightningIT {

    @TempDir
    Path dir;

    private static LightningWallet wallet(LndNode node) {
        return LightningWallet.builder().network(BitcoinNetwork.REGTEST).connection(LndConnection.builder().host(node.grpcHost())
                .port(node.grpcPort()).tlsCert(node.tlsCert()).macaroon(node.adminMacaroon()).build()).build();
    }

    @Test
    void paysUnderPolicyAndNeverTwice(Devnet devnet) {
        LightningWallet alice = wallet(devnet.lightning().alice());
        LightningWallet bob = wallet(devnet.lightning().bob());
        Asset btc = alice.asset();
        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            GuardedWallet guarded = GuardedWallet.builder().agentId("ln-agent").wallet(alice).ledger(ledger)
                    .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(btc, "5000")).approvalAbove(Amount.of(btc, "2000"))
                            .budget(Duration.ofDays(1), Amount.of(btc, "6000")).build()).build();
            long bobBefore = bob.balances().channelLocal().units().longValueExact();

            DecodedInvoice small = bob.createInvoice(Amount.of(btc, "1500"), "coffee", Duration.ofMinutes(10));
            SpendResult paid = guarded.pay(new PaymentIntent("ln-agent", new PaymentTarget.LightningInvoice(small.bolt11()), small.amount(), "coffee", "c-1"));
            assertThat(paid.state()).isEqualTo(EntryState.SUCCEEDED);
            assertThat(paid.outcome().orElseThrow().proof()).isPresent();

            assertThatThrownBy(() -> guarded.pay(new PaymentIntent("ln-agent", new PaymentTarget.LightningInvoice(small.bolt11()),
                    small.amount(), "coffee again", "c-2"))).isInstanceOf(InvalidInputException.class);

            DecodedInvoice big = bob.createInvoice(Amount.of(btc, "3000"), "dinner", Duration.ofMinutes(10));
            SpendResult waiting = guarded.pay(new PaymentIntent("ln-agent", new PaymentTarget.LightningInvoice(big.bolt11()), big.amount(), "dinner", "d-1"));
            assertThat(waiting.state()).isEqualTo(EntryState.AWAITING_APPROVAL);
            assertThat(guarded.approve(waiting.entryId(), "owner").state()).isEqualTo(EntryState.SUCCEEDED);

            DecodedInvoice over = bob.createInvoice(Amount.of(btc, "1600"), "too much today", Duration.ofMinutes(10));
            SpendResult denied = guarded.pay(new PaymentIntent("ln-agent", new PaymentTarget.LightningInvoice(over.bolt11()), over.amount(), "", "o-1"));
            assertThat(denied.state()).isEqualTo(EntryState.DENIED);
            assertThat(denied.message()).contains("budget");

            // the payer sees a payment settled a moment before the payee's channel balance shows it
            dev.bursar.devnet.process.Readiness.await("bob's balance to show both payments", java.time.Duration.ofSeconds(15),
                    java.time.Duration.ofMillis(100), null,
                    () -> bob.balances().channelLocal().units().longValueExact() - bobBefore >= 4_500_000L);
            assertThat(bob.balances().channelLocal().units().longValueExact() - bobBefore).as("bob received 1500 + 3000 sat, once each").isEqualTo(4_500_000L);
        }
    }
}
