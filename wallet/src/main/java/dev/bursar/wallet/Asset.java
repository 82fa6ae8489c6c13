package dev.bursar.wallet;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.value.BitcoinNetwork;

import java.util.Locale;
import java.util.Map;

/**
 * What an {@link Amount} counts: a chain's native coin, an ERC-20 token, or bitcoin over Lightning. Each asset knows
 * its base unit (wei, token units, msat) and the named denominations people write ("ETH", "gwei", "sat").
 */
public sealed interface Asset permits Asset.NativeCoin, Asset.Erc20Token, Asset.LightningBitcoin {

    /** The display symbol, such as ETH, USDC or BTC. */
    String symbol();

    /** Digits between the base unit and one {@link #symbol()}: 18 for ETH, 6 for USDC, 11 for BTC counted in msat. */
    int decimals();

    /** The name of one base unit: wei, msat, or "units" of a token. */
    String baseUnit();

    /** A stable identifier used in journals and policies, such as {@code eip155:1/native} or {@code lightning:regtest}. */
    String id();

    /** Lower-case denomination name → power of ten of base units it stands for. */
    Map<String, Integer> denominations();

    /** The denomination amounts are printed in. */
    default String displayDenomination() {
        return symbol();
    }

    /** A chain's native coin (ETH on chain id 1, on anvil 31337, ...). */
    record NativeCoin(long chainId, String symbol) implements Asset {
        public NativeCoin {
            if (chainId <= 0) {
                throw new InvalidInputException("chain id must be positive, got " + chainId);
            }
            if (symbol == null || symbol.isBlank()) {
                throw new InvalidInputException("a native coin needs a symbol");
            }
        }

        public static NativeCoin ether(long chainId) {
            return new NativeCoin(chainId, "ETH");
        }

        @Override
        public int decimals() {
            return 18;
        }

        @Override
        public String baseUnit() {
            return "wei";
        }

        @Override
        public String id() {
            return "eip155:" + chainId + "/native";
        }

        @Override
        public Map<String, Integer> denominations() {
            return Map.of(symbol.toLowerCase(Locale.ROOT), 18, "gwei", 9, "wei", 0);
        }
    }

    /** An ERC-20 token at a contract address; symbol and decimals as read from the chain. */
    record Erc20Token(long chainId, EvmAddress contract, String symbol, int decimals) implements Asset {
        public Erc20Token {
            if (chainId <= 0) {
                throw new InvalidInputException("chain id must be positive, got " + chainId);
            }
            if (contract == null) {
                throw new InvalidInputException("an ERC-20 token needs its contract address");
            }
            if (decimals < 0 || decimals > 77) {
                throw new InvalidInputException("token decimals must be 0..77, got " + decimals);
            }
            if (symbol == null || symbol.isBlank()) {
                throw new InvalidInputException("an ERC-20 token needs a symbol");
            }
        }

        @Override
        public String baseUnit() {
            return "units";
        }

        @Override
        public String id() {
            return "eip155:" + chainId + "/erc20:" + contract.lowerCase();
        }

        @Override
        public Map<String, Integer> denominations() {
            return Map.of(symbol.toLowerCase(Locale.ROOT), decimals);
        }
    }

    /** Bitcoin moved over Lightning on one network, counted in millisatoshi and printed in sat. */
    record LightningBitcoin(BitcoinNetwork network) implements Asset {
        public LightningBitcoin {
            if (network == null) {
                throw new InvalidInputException("a Lightning asset needs its Bitcoin network");
            }
        }

        @Override
        public String symbol() {
            return "BTC";
        }

        @Override
        public int decimals() {
            return 11;
        }

        @Override
        public String baseUnit() {
            return "msat";
        }

        @Override
        public String id() {
            return "lightning:" + network.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public Map<String, Integer> denominations() {
            return Map.of("btc", 11, "sat", 3, "sats", 3, "msat", 0);
        }

        @Override
        public String displayDenomination() {
            return "sat";
        }
    }
}
