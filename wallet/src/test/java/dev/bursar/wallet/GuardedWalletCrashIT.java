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
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost, nothing paid twice: a spender process is killed between journaling and broadcast, or after broadcast
 * before the outcome is journaled; a new process reconciles, and the recipient has been paid exactly once.
 */
@WithDevnet({Component.EVM})
class GuardedWalletCrashIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"prepared", "sent"})
    void aCrashIsReconciledToExactlyOnePayment(String point, Devnet devnet) throws Exception {
        DevAccount payer = devnet.evm().accounts().get(8);
        EvmAddress recipient = EvmAddress.of("0x" + UUID.randomUUID().toString().replace("-", "") + "00000000");
        Path journal = dir.resolve("journal-" + point + ".log");
        String rpc = devnet.evm().rpcUrl().toString();
        long chainId = devnet.evm().chainId();

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingSpender.class.getName(),
                rpc, Long.toString(chainId), payer.privateKey(), journal.toString(), recipient.value(), point)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + point + ".log").toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the child died at '%s'", point).isEqualTo(CrashingSpender.HALTED);

        EvmWallet rail = EvmWallet.builder().rpcUrl(rpc).chainId(chainId).keys(EvmKeys.fromPrivateKey(payer.privateKey())).build();
        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(journal))) {
            List<LedgerEntry> open = ledger.inState(EntryState.PREPARED);
            assertThat(open).as("the prepared payment survived the crash in the journal").hasSize(1);
            GuardedWallet restarted = GuardedWallet.builder().agentId("crash-agent").wallet(rail).ledger(ledger)
                    .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(rail.nativeCoin(), "1")).build()).build();

            List<SpendResult> resolved = restarted.reconcile();
            assertThat(resolved).extracting(SpendResult::state).containsExactly(EntryState.SUCCEEDED);
            assertThat(rail.balanceOf(recipient)).isEqualTo(Amount.of(rail.nativeCoin(), "0.25"));

            assertThat(restarted.reconcile()).isEmpty();
            SpendResult retried = restarted.pay(new PaymentIntent("crash-agent", new PaymentTarget.EvmTransfer(recipient),
                    Amount.of(rail.nativeCoin(), "0.25"), "crash test", "crash-" + point));
            assertThat(retried.state()).isEqualTo(EntryState.SUCCEEDED);
            assertThat(rail.balanceOf(recipient)).as("paid exactly once").isEqualTo(Amount.of(rail.nativeCoin(), "0.25"));
        }
    }
}
