package dev.bursar.registry;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.value.EvmAddress;

/**
 * Sends the registry clients' transactions from one account and waits until each is mined. The clients never hold a
 * key: the implementation ({@link GuardedTransactionSender}) goes through the guarded wallet, whose policy may refuse
 * or hold any of them.
 */
public interface TransactionSender {

    /** The account the transactions come from ({@code msg.sender} on chain). */
    EvmAddress from();

    /** The chain the account transacts on. */
    long chainId();

    /**
     * Calls {@code contract} with ABI-encoded {@code callData} and no value; {@code purpose} is journaled.
     *
     * @throws TransactionRefusedException if the wallet did not send it
     * @throws TransactionPendingException if it was sent but is not final
     * @throws ContractRevertedException if it reverted on chain
     */
    SentTransaction call(EvmAddress contract, String callData, String purpose);

    /**
     * Lets {@code spender} move {@code amount} of its ERC-20 token ({@code amount}'s asset) from {@link #from()}: the
     * spend a policy judges when money enters an escrow.
     */
    SentTransaction approve(Amount amount, EvmAddress spender, String purpose);
}
