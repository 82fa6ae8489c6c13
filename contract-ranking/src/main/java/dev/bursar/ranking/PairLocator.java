package dev.bursar.ranking;

import dev.bursar.wallet.value.EvmAddress;

import java.util.Map;
import java.util.Optional;

/**
 * Where a token trades, for buy/sell simulation. The simulator drives pairs with the MiniPair interface
 * ({@code buy(address) payable}, transfer-then-{@code sell(address)}, {@code reserveToken()}, {@code reserveEth()}).
 */
@FunctionalInterface
public interface PairLocator {

    Optional<EvmAddress> pairOf(long chainId, EvmAddress token);

    static PairLocator none() {
        return (chain, token) -> Optional.empty();
    }

    /** A fixed token → pair table (lower-case keys). */
    static PairLocator of(Map<EvmAddress, EvmAddress> pairs) {
        Map<String, EvmAddress> copy = new java.util.concurrent.ConcurrentHashMap<>();
        pairs.forEach((k, v) -> copy.put(k.lowerCase(), v));
        return (chain, token) -> Optional.ofNullable(copy.get(token.lowerCase()));
    }
}
