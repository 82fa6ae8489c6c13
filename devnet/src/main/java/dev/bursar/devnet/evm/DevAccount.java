package dev.bursar.devnet.evm;

/**
 * A funded anvil development account. Its key is one of anvil's public, well-known test keys: never use it with value.
 */
public record DevAccount(String address, String privateKey) {
}
