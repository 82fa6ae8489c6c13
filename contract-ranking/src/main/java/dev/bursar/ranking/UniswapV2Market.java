package dev.bursar.ranking;

import dev.bursar.wallet.value.EvmAddress;

import java.util.Objects;

/**
 * A Uniswap V2 deployment (or a fork of it with the same interface) on one chain: a token's pool is found with the
 * factory's {@code getPair(token, weth)}, and the simulation buys and sells through the router as a user would.
 *
 * @param chainId the chain the contracts live on
 * @param factory the {@code UniswapV2Factory}
 * @param router  the {@code UniswapV2Router02} of that factory
 * @param weth    the wrapped native coin the router trades against
 */
public record UniswapV2Market(long chainId, EvmAddress factory, EvmAddress router, EvmAddress weth) {

    public UniswapV2Market {
        if (chainId <= 0) {
            throw new IllegalArgumentException("chain id must be positive, got " + chainId);
        }
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(weth, "weth");
    }
}
