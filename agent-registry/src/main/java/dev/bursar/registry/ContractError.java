package dev.bursar.registry;

import org.web3j.crypto.Hash;

import java.util.Objects;

/**
 * A Solidity custom error a contract may revert with, and what the caller should do about it.
 *
 * @param signature the error's canonical signature, such as {@code NotEvaluator(uint256,address)}
 * @param hint      an actionable sentence for the exception message
 */
public record ContractError(String signature, String hint) {

    public ContractError {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(hint, "hint");
        if (!signature.matches("[A-Za-z_][A-Za-z0-9_]*\\(.*\\)")) {
            throw new IllegalArgumentException("not an error signature: " + signature);
        }
    }

    /** The error's name, such as {@code NotEvaluator}. */
    public String name() {
        return signature.substring(0, signature.indexOf('('));
    }

    /** The 4-byte selector as 0x-hex: the first bytes of the revert data. */
    public String selector() {
        return Hash.sha3String(signature).substring(0, 10);
    }
}
