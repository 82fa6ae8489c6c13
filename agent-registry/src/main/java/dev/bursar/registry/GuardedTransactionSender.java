package dev.bursar.registry;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends registry transactions as spends of one agent's {@link GuardedWallet}: a registry or escrow call is a
 * {@link PaymentTarget.ContractCall} with no value, an approval an {@link PaymentTarget.Erc20Approval} of the token
 * amount. Policy decides on each and the journal records it before it leaves the process; call data the policy cannot
 * read as a spend waits for a person's approval ({@link TransactionRefusedException#awaitingApproval()}).
 */
public final class GuardedTransactionSender implements TransactionSender {

    private static final Duration RECEIPT_WAIT = Duration.ofSeconds(30);

    private final GuardedWallet wallet;
    private final EvmWallet rail;
    private final Web3j web3j;
    private final Grounding grounding;
    private final Optional<String> keyPrefix;
    private final java.util.concurrent.atomic.AtomicInteger step = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param wallet the agent's guarded wallet
     * @param rail   the EVM wallet of {@code wallet} that sends (its account is {@code msg.sender})
     * @param web3j  a client of the same node, used to read receipts
     */
    public GuardedTransactionSender(GuardedWallet wallet, EvmWallet rail, Web3j web3j) {
        this(wallet, rail, web3j, Grounding.none(), Optional.empty());
    }

    private GuardedTransactionSender(GuardedWallet wallet, EvmWallet rail, Web3j web3j, Grounding grounding, Optional<String> keyPrefix) {
        this.wallet = Objects.requireNonNull(wallet, "wallet");
        this.rail = Objects.requireNonNull(rail, "rail");
        this.web3j = Objects.requireNonNull(web3j, "web3j");
        this.grounding = Objects.requireNonNull(grounding, "grounding");
        this.keyPrefix = keyPrefix;
        if (wallet.wallets().get(rail.name()) != rail) {
            throw new InvalidInputException("the EVM wallet " + rail.name() + " is not one of agent " + wallet.agentId()
                    + "'s wallets; build the GuardedWallet with it");
        }
    }

    /**
     * A sender for one piece of work (a hire): each of its transactions is grounded in {@code grounding}, and its n-th
     * transaction has the idempotency key {@code <key>-<n>}. Replaying the same steps after a crash with a new sender for
     * the same key returns each step's first result from the journal instead of sending it again.
     */
    public GuardedTransactionSender forWork(String key, Grounding grounding) {
        if (key == null || key.isBlank()) {
            throw new InvalidInputException("a piece of work needs a non-blank key");
        }
        return new GuardedTransactionSender(wallet, rail, web3j, grounding, Optional.of(key));
    }

    /** The journal entry of this work's {@code step}-th transaction (1-based), if it was proposed before (by any sender). */
    public Optional<String> journaledStep(int step) {
        return keyPrefix.flatMap(p -> wallet.entryFor(p + "-" + step));
    }

    @Override
    public EvmAddress from() {
        return rail.address();
    }

    @Override
    public long chainId() {
        return rail.chainId();
    }

    @Override
    public SentTransaction call(EvmAddress contract, String callData, String purpose) {
        return pay(new PaymentTarget.ContractCall(contract, callData), Amount.zero(rail.nativeCoin()), purpose, contract);
    }

    @Override
    public SentTransaction approve(Amount amount, EvmAddress spender, String purpose) {
        if (!(amount.asset() instanceof Asset.Erc20Token)) {
            throw new InvalidInputException("only an ERC-20 token amount can be approved, not " + amount.asset().id());
        }
        return pay(new PaymentTarget.Erc20Approval(spender), amount, purpose, ((Asset.Erc20Token) amount.asset()).contract());
    }

    /**
     * The transaction of journal entry {@code entryId} once it succeeded: after a person approved a held transaction,
     * or after reconciliation resolved a pending one.
     */
    public SentTransaction resume(String entryId) {
        return settled(wallet.status(entryId), Optional.empty());
    }

    private SentTransaction pay(PaymentTarget target, Amount amount, String purpose, EvmAddress contract) {
        String key = keyPrefix.map(p -> p + "-" + step.incrementAndGet()).orElseGet(() -> "registry-" + UUID.randomUUID());
        return settled(wallet.pay(new PaymentIntent(wallet.agentId(), target, amount, purpose, key), grounding), Optional.of(contract));
    }

    private SentTransaction settled(SpendResult result, Optional<EvmAddress> contract) {
        EntryState state = result.state();
        Optional<String> reference = result.outcome().map(PaymentOutcome::reference);
        return switch (state) {
            case SUCCEEDED -> new SentTransaction(reference.orElseThrow(), receipt(reference.orElseThrow()));
            case FAILED -> throw new ContractRevertedException(contract, "unknown", "0x", reference,
                    "the transaction " + reference.orElse("?") + " reverted on chain after its simulation passed: the contract's"
                            + " state changed in between (another party acted first?); read the state again before retrying");
            case DENIED, REJECTED, EXPIRED, AWAITING_APPROVAL -> throw new TransactionRefusedException(result.entryId(), state,
                    "the guarded wallet did not send the transaction (journal entry " + result.entryId() + "): " + result.message());
            case AUTHORIZED, PREPARED -> throw new TransactionPendingException(result.entryId(), "the transaction (journal entry "
                    + result.entryId() + ") is sent or about to be, not final yet: do not send it again; reconcile the guarded"
                    + " wallet, then resume(" + result.entryId() + ")");
        };
    }

    private TransactionReceipt receipt(String hash) {
        long deadline = System.nanoTime() + RECEIPT_WAIT.toNanos();
        try {
            while (true) {
                Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
                if (receipt.isPresent()) {
                    return receipt.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new RegistryUnavailableException("the node reports no receipt for the settled transaction " + hash
                            + " within " + RECEIPT_WAIT.toSeconds() + " s; check that the node is synced", null);
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new RegistryUnavailableException("cannot read the receipt of " + hash + ": the EVM node did not answer ("
                    + e.getMessage() + "); the transaction itself settled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while reading the receipt of " + hash, e);
        }
    }
}
