package dev.bursar.registry.bench;

import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.DevAccount;
import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.registry.SentTransaction;
import dev.bursar.registry.TransactionRefusedException;
import dev.bursar.registry.TransactionSender;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.protocol.Web3j;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * For benchmarks: one devnet account acting through the real guarded path (EvmWallet, policy, file journal), allowed to
 * call only the registry contracts, with the policy tuned by the caller (intent binding, declared calls).
 */
final class BenchParty implements AutoCloseable {

    final EvmWallet rail;
    final SpendLedger ledger;
    final GuardedWallet guarded;
    final GuardedTransactionSender sender;

    BenchParty(String name, Devnet devnet, int accountIndex, Web3j web3j, Path dir, List<Asset.Erc20Token> tokens,
               UnaryOperator<PaymentPolicy.Builder> tune) {
        DevAccount account = devnet.evm().accounts().get(accountIndex);
        EvmKeys keys = EvmKeys.fromPrivateKey(account.privateKey());
        this.rail = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId()).keys(keys)
                .maxGasLimit(BigInteger.valueOf(1_000_000)).build();
        PaymentPolicy.Builder policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(rail.nativeCoin(), "1"))
                .allowContracts(Stream.of("IdentityRegistry", "ReputationRegistry", "JobEscrow")
                        .map(c -> EvmAddress.of(devnet.contracts().get(c))).toArray(EvmAddress[]::new));
        for (Asset.Erc20Token token : tokens) {
            policy.maxPerTransaction(Amount.of(token, "1000000"));
        }
        this.ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve(name + "-journal.log")));
        this.guarded = GuardedWallet.builder().agentId(name).wallet(rail).policy(tune.apply(policy.assets(tokens)).build()).ledger(ledger)
                .approvalTtl(Duration.ofMinutes(5)).build();
        this.sender = new GuardedTransactionSender(guarded, rail, web3j);
    }

    EvmAddress address() {
        return rail.address();
    }

    /**
     * The guarded sender with the bench acting as the operator who approves what the policy holds for a person (used only
     * to register agents, which is set-up and not measured).
     */
    TransactionSender operated() {
        return new Operated(sender, guarded);
    }

    @Override
    public void close() {
        ledger.close();
    }

    /** Approves, as the bench's operator, whatever the policy holds for approval; everything else as is. */
    private record Operated(GuardedTransactionSender inner, GuardedWallet guarded) implements TransactionSender {
        @Override
        public EvmAddress from() {
            return inner.from();
        }

        @Override
        public long chainId() {
            return inner.chainId();
        }

        @Override
        public SentTransaction call(EvmAddress contract, String callData, String purpose) {
            try {
                return inner.call(contract, callData, purpose);
            } catch (TransactionRefusedException e) {
                return approved(e);
            }
        }

        @Override
        public SentTransaction approve(Amount amount, EvmAddress spender, String purpose) {
            try {
                return inner.approve(amount, spender, purpose);
            } catch (TransactionRefusedException e) {
                return approved(e);
            }
        }

        private SentTransaction approved(TransactionRefusedException e) {
            if (!e.awaitingApproval()) {
                throw e;
            }
            guarded.approve(e.entryId(), "bench-operator");
            return inner.resume(e.entryId());
        }
    }
}
