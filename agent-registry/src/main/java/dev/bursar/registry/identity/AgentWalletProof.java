package dev.bursar.registry.identity;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The new wallet's consent to become an agent's payment wallet: its EIP-712 signature of
 * {@code AgentWalletSet(agentId, newWallet, owner, deadline)} under the registry's domain. Short-lived by design: the
 * registry accepts a deadline at most five minutes ahead. Holds no key.
 *
 * @param deadline  the last block timestamp (seconds) at which the registry accepts the proof
 * @param signature 65 bytes {@code r || s || v} as 0x-hex
 */
public record AgentWalletProof(BigInteger agentId, EvmAddress newWallet, EvmAddress owner, BigInteger deadline, String signature) {

    public AgentWalletProof {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(newWallet, "newWallet");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public String toString() {
        return "AgentWalletProof[agent " + agentId + ", wallet " + newWallet + ", owner " + owner + ", deadline " + deadline + "]";
    }
}
