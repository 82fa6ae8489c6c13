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
import dev.bursar.wallet.journal.JournalEvent;
import dev.bursar.wallet.journal.JournalException;
import dev.bursar.wallet.journal.SpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payment that left the process but whose outcome could not be journaled (disk full, database gone) is answered as
 * "outcome unknown", never as "not paid": the intent stays in the journal, a retry pays nothing more, and
 * reconciliation records what the chain says. On a real anvil.
 */
@WithDevnet({Component.EVM})
class GuardedWalletJournalFailureIT {

    @TempDir
    Path dir;

    /** The real file journal, except that outcome records fail while {@code failing} is set. */
    private record FailingOutcomes(SpendJournal inner, AtomicBoolean failing) implements SpendJournal {
        @Override
        public void append(JournalEvent event, boolean durable) {
            if (failing.get() && event instanceof JournalEvent.Outcome) {
                throw new JournalException("no space left on device");
            }
            inner.append(event, durable);
        }

        @Override
        public List<JournalEvent> replay() {
            return inner.replay();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void aSettledPaymentWhoseOutcomeCannotBeJournaledIsUnknownNeverUnpaid(Devnet devnet) {
        DevAccount payer = devnet.evm().accounts().get(8);
        EvmWallet rail = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId())
                .keys(EvmKeys.fromPrivateKey(payer.privateKey())).build();
        EvmAddress recipient = EvmAddress.of("0x" + UUID.randomUUID().toString().replace("-", "") + "00000000");
        AtomicBoolean failing = new AtomicBoolean(true);
        try (SpendLedger ledger = SpendLedger.open(new FailingOutcomes(FileSpendJournal.open(dir.resolve("journal.log")), failing))) {
            GuardedWallet wallet = GuardedWallet.builder().agentId("agent-8").wallet(rail).ledger(ledger)
                    .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(rail.nativeCoin(), "1")).build()).build();
            PaymentIntent intent = new PaymentIntent("agent-8", new PaymentTarget.EvmTransfer(recipient),
                    Amount.of(rail.nativeCoin(), "0.01"), "test", "journal-failure-1");

            SpendResult first = wallet.pay(intent);
            assertThat(first.state()).isEqualTo(EntryState.PREPARED);
            assertThat(first.message()).contains("outcome unknown").contains("may have been made").contains("Do not pay it again")
                    .doesNotContain("not made");
            assertThat(rail.balanceOf(recipient)).as("the payment did go out").isEqualTo(Amount.of(rail.nativeCoin(), "0.01"));

            SpendResult retried = wallet.pay(intent);
            assertThat(retried.entryId()).isEqualTo(first.entryId());
            assertThat(rail.balanceOf(recipient)).as("a retry pays nothing more").isEqualTo(Amount.of(rail.nativeCoin(), "0.01"));

            failing.set(false);
            assertThat(wallet.reconcile()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(EntryState.SUCCEEDED));
            assertThat(wallet.status(first.entryId()).state()).isEqualTo(EntryState.SUCCEEDED);
            assertThat(rail.balanceOf(recipient)).isEqualTo(Amount.of(rail.nativeCoin(), "0.01"));
        }
    }
}
