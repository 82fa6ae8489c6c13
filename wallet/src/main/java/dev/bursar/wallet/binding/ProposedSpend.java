package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.value.EvmAddress;

/**
 * One movement of value that a payment intent would cause, as binding and caps see it: a transfer to an address, an
 * allowance granted to a spender, a Lightning invoice, or a contract call whose data Bursar cannot read as a known spend.
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

    /** ERC-20 call data that moves a token no spending limit names ({@code contract} on {@code chainId}). */
    record UnknownToken(long chainId, EvmAddress contract, String function) implements ProposedSpend {
    }
}
