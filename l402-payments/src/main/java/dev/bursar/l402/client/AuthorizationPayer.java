package dev.bursar.l402.client;

import java.math.BigInteger;
import java.time.Duration;

/**
 * How the paying client pays an x402 {@code exact} requirement on an EVM chain: an EIP-3009 authorization signed under
 * the agent's policy and journaled before it leaves (through its {@code GuardedWallet}); it never holds keys itself.
 */
public interface AuthorizationPayer {

    /** The chain the payer's account signs for: x402 requirements on other networks are refused. */
    long chainId();

    /**
     * Signs, under the agent's policy, an authorization of {@code units} of the token at {@code token} to {@code payTo},
     * valid for {@code validFor}, for a request to {@code host}. Repeating {@code idempotencyKey} returns the same
     * signed authorization, never a second one.
     *
     * @throws L402Exception if policy denies it, holds it for approval, or the token does not support EIP-3009
     */
    SignedAuthorization authorize(String token, BigInteger units, String payTo, Duration validFor, String purpose, String idempotencyKey,
                                  String host);

    /**
     * The EIP-712 domain the token at {@code token} states on chain ({@code name()}, {@code version()}): what the payer
     * signs with, so a challenge naming another domain would be refused by its facilitator.
     *
     * @throws L402Exception when the token does not state one (no EIP-3009 token)
     */
    TokenDomain domain(String token);

    /** A token's EIP-712 domain name and version. */
    record TokenDomain(String name, String version) {
    }

    /** Asks the chain whether the payee used the authorization; returns the payment's state name (SUCCEEDED, PREPARED, FAILED). */
    String confirm(String paymentId);

    /**
     * A signed EIP-3009 {@code TransferWithAuthorization} as x402 carries it: numbers as decimal strings, the nonce and
     * signature as 0x-hex. {@code paymentId} is the agent's journal entry for it.
     */
    record SignedAuthorization(String paymentId, String from, String to, String value, String validAfter, String validBefore,
                               String nonce, String signature) {
    }
}
