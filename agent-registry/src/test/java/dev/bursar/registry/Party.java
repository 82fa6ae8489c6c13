package dev.bursar.registry;

import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.DevAccount;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmSigner;
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

/**
 * Test helper: one devnet account acting through the real guarded path (EvmWallet + policy + journal), with a sender
 * that approves, as the test's operator, every registry call the policy holds for approval (opaque call data).
 */
final class Party implements AutoCloseable {

    final String name;
    final DevAccount account;
    final EvmWallet rail;
    final GuardedWallet guarded;
    final SpendLedger ledger;
    final TransactionSender sender;
    /** The guarded sender without the operator's approvals. */
    final GuardedTransactionSender guardedSender;
    final EvmSigner signer;

    Party(String name, Devnet devnet, int accountIndex, Web3j web3j, Path dir, List<Asset.Erc20Token> tokens) {
        this(name, devnet, accountIndex, web3j, dir, tokens, b -> b);
    }

    /** @param tune adds to the policy (binding, declared calls) before it is built */
    Party(String name, Devnet devnet, int accountIndex, Web3j web3j, Path dir, List<Asset.Erc20Token> tokens,
          java.util.function.UnaryOperator<PaymentPolicy.Builder> tune) {
        this.name = name;
        this.account = devnet.evm().accounts().get(accountIndex);
        EvmKeys keys = EvmKeys.fromPrivateKey(account.privateKey());
        this.signer = new EvmSigner(keys);
        this.rail = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId()).keys(keys)
                .maxGasLimit(BigInteger.valueOf(1_000_000)).build();
        // the agent may call (and approve) only the devnet's registry contracts
        PaymentPolicy.Builder policy = PaymentPolicy.builder().maxPerTransaction(Amount.of(rail.nativeCoin(), "1"))
                .allowContracts(java.util.stream.Stream.of("IdentityRegistry", "ReputationRegistry", "JobEscrow")
                        .map(c -> EvmAddress.of(devnet.contracts().get(c))).toArray(EvmAddress[]::new));
        for (Asset.Erc20Token token : tokens) {
            policy.maxPerTransaction(Amount.of(token, "1000000"));
        }
        this.ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve(name + "-journal.log")));
        this.guarded = GuardedWallet.builder().agentId(name).wallet(rail).policy(tune.apply(policy.assets(tokens)).build()).ledger(ledger)
                .approvalTtl(Duration.ofMinutes(5)).build();
        this.guardedSender = new GuardedTransactionSender(guarded, rail, web3j);
        this.sender = new ApprovingSender(guardedSender, guarded);
    }

    EvmAddress address() {
        return rail.address();
    }

    @Override
    public void close() {
        ledger.close();
    }

    /** Approves, as the test operator, whatever the policy holds for a person's approval; everything else as is. */
    private record ApprovingSender(GuardedTransactionSender inner, GuardedWallet guarded) implements TransactionSender {
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
            guarded.approve(e.entryId(), "registry-it-operator");
            return inner.resume(e.entryId());
        }
    }
}
