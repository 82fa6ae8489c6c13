package dev.bursar.wallet;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;

import java.nio.file.Path;

/**
 * A child process for the crash test: pays once through a GuardedWallet and dies like {@code kill -9} (Runtime.halt)
 * at the named point: "prepared" (journaled, not yet broadcast) or "sent" (broadcast, outcome not journaled).
 * Arguments: rpcUrl chainId privateKey journalPath recipient point.
 */
public final class CrashingSpender {

    static final int HALTED = 77;

    private CrashingSpender() {
    }

    public static void main(String[] args) {
        String point = args[5];
        EvmWallet rail = EvmWallet.builder().rpcUrl(args[0]).chainId(Long.parseLong(args[1]))
                .keys(EvmKeys.fromPrivateKey(args[2])).build();
        SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(Path.of(args[3])));
        GuardedWallet wallet = GuardedWallet.builder().agentId("crash-agent").wallet(rail).ledger(ledger)
                .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(rail.nativeCoin(), "1")).build())
                .listener(new SpendListener() {
                    @Override
                    public void prepared(LedgerEntry entry) {
                        if (point.equals("prepared")) {
                            Runtime.getRuntime().halt(HALTED);
                        }
                    }

                    @Override
                    public void sent(LedgerEntry entry, PaymentOutcome outcome) {
                        if (point.equals("sent")) {
                            Runtime.getRuntime().halt(HALTED);
                        }
                    }
                }).build();
        wallet.pay(new PaymentIntent("crash-agent", new PaymentTarget.EvmTransfer(EvmAddress.of(args[4])),
                Amount.of(rail.nativeCoin(), "0.25"), "crash test", "crash-" + point));
        System.exit(0);
    }
}
