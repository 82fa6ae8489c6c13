package dev.bursar.registry.discovery;

import dev.bursar.wallet.value.EvmAddress;

import java.util.Locale;
import java.util.Objects;

/**
 * One identity registry on one chain, as a registration file names it in {@code registrations[].agentRegistry}:
 * {@code eip155:<chainId>:<address>}.
 */
public record RegistryRef(long chainId, EvmAddress identityRegistry) {

    public RegistryRef {
        if (chainId <= 0) {
            throw new IllegalArgumentException("a chain id is positive, got " + chainId);
        }
        Objects.requireNonNull(identityRegistry, "identityRegistry");
    }

    /** {@code eip155:<chainId>:<address>} with the address in its EIP-55 form. */
    public String agentRegistry() {
        return "eip155:" + chainId + ":" + identityRegistry.value();
    }

    /** Whether {@code agentRegistry} names this registry (the address compared case-insensitively). */
    public boolean matches(String agentRegistry) {
        if (agentRegistry == null) {
            return false;
        }
        return agentRegistry.trim().toLowerCase(Locale.ROOT).equals(("eip155:" + chainId + ":" + identityRegistry.lowerCase()));
    }

    @Override
    public String toString() {
        return agentRegistry();
    }
}
