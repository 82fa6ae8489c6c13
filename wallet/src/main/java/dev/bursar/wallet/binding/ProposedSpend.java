package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.value.EvmAddress;

/**
 * One movement of value that a payment intent would cause, as binding and caps see it: a transfer to an address, an
 * allowance granted to a spender, a Lightning invoice, a contract call the owner declared value-neutral, or one whose data Bursar cannot read.
 */
public sealed interface ProposedSpend {

    /** {@code amount} goes to {@code to} (native value, an ERC-20 transfer, or a transferFrom inside call data). */
    record Transfer(EvmAddress to, Amount amount) implements ProposedSpend {
    }

    /** {@code spender} may move up to {@code amount} (approve or increaseAllowance). */
    record Allowance(EvmAddress spender, Amount amount) implements ProposedSpend {
    }

    /** A signed EIP-3009 authorization letting {@code to} take {@code amount} (an x402 payment the payee settles). */
    record SignedTransfer(EvmAddress to, Amount amount) implements ProposedSpend {
    }

    /** A Lightning invoice for {@code amount}. */
    record Invoice(String bolt11, Amount amount) implements ProposedSpend {
    }

    /** A call to {@code contract} with the 4-byte {@code selector}, whose effect on value is unknown. */
    record OpaqueCall(EvmAddress contract, String selector) implements ProposedSpend {
    }

    /**
     * A call to {@code contract} with {@code selector} that the policy's owner declared moves none of the agent's value by
     * itself (an escrow step, a registry write): whatever it pulls was granted by an allowance, which was judged then.
     */
    record DeclaredCall(EvmAddress contract, String selector) implements ProposedSpend {
    }

    /** ERC-20 call data that moves a token no spending limit names ({@code contract} on {@code chainId}). */
    record UnknownToken(long chainId, EvmAddress contract, String function) implements ProposedSpend {
    }
}
