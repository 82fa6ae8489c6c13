package dev.bursar.examples.uniswapprice;

import dev.bursar.tools.EvmChain;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.Optional;

/**
 * One token's Uniswap V2 pool against WETH, read through the agent's read-only chain view: the pair's address and its
 * reserves at the latest block. Calls are encoded by hand (four-byte selector + 32-byte words), so the plugin needs no
 * ABI library.
 */
final class UniswapPool {

    private static final String GET_PAIR = "0xe6a43905";     // getPair(address,address)
    private static final String GET_RESERVES = "0x0902f1ac"; // getReserves()
    private static final String TOKEN0 = "0x0dfe1681";       // token0()
    private static final String DECIMALS = "0x313ce567";     // decimals()

    /** The pair, the token's reserve and WETH's reserve, in base units, at {@code block}. */
    record Reserves(EvmAddress pair, BigInteger token, BigInteger weth, long block) {
    }

    private final EvmChain chain;
    private final EvmAddress factory;
    private final EvmAddress weth;

    UniswapPool(EvmChain chain, EvmAddress factory, EvmAddress weth) {
        this.chain = chain;
        this.factory = factory;
        this.weth = weth;
    }

    /** The reserves of {@code token}'s pool against WETH; empty when the factory has no such pool. */
    Optional<Reserves> reserves(EvmAddress token) {
        long block = chain.latestBlock();
        EvmAddress pair = address(read(factory, GET_PAIR + word(token) + word(weth)));
        if (pair.value().equals("0x0000000000000000000000000000000000000000")) {
            return Optional.empty();
        }
        String reserves = read(pair, GET_RESERVES).substring(2);
        if (reserves.length() < 128) {
            throw new InvalidInputException("the pair " + pair.value() + " returned too little data for getReserves()");
        }
        BigInteger r0 = new BigInteger(reserves.substring(0, 64), 16);
        BigInteger r1 = new BigInteger(reserves.substring(64, 128), 16);
        boolean tokenFirst = address(read(pair, TOKEN0)).equals(token);
        return Optional.of(new Reserves(pair, tokenFirst ? r0 : r1, tokenFirst ? r1 : r0, block));
    }

    /** The token's decimals() as its contract reports them. */
    int decimals(EvmAddress token) {
        int d = new BigInteger(read(token, DECIMALS).substring(2), 16).intValueExact();
        if (d > 36) {
            throw new InvalidInputException(token.value() + " reports " + d + " decimals; that is not an ERC-20 token this plugin quotes");
        }
        return d;
    }

    private String read(EvmAddress to, String calldata) {
        String out = chain.call(to, calldata).orElseThrow(() -> new InvalidInputException("the contract " + to.value()
                + " did not answer " + calldata.substring(0, 10) + "; is it a Uniswap V2 contract or an ERC-20 token on this chain?"));
        if (out.length() < 66) {
            throw new InvalidInputException("the contract " + to.value() + " returned too little data for " + calldata.substring(0, 10));
        }
        return out;
    }

    private static EvmAddress address(String returned) {
        return EvmAddress.of("0x" + returned.substring(26, 66));
    }

    private static String word(EvmAddress address) {
        return "0".repeat(24) + address.value().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
