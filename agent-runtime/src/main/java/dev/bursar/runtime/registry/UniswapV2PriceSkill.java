package dev.bursar.runtime.registry;

import dev.bursar.ranking.UniswapV2Market;
import dev.bursar.registry.a2a.A2aRequest;
import dev.bursar.registry.a2a.A2aResult;
import dev.bursar.registry.a2a.A2aWork;
import dev.bursar.wallet.Asset;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Map;

/**
 * A published skill that quotes one token's price in the chain's Uniswap V2 market, read on chain from the pair's
 * reserves at the latest block: a price oracle whose every answer anyone can check against the chain.
 */
final class UniswapV2PriceSkill implements A2aWork {

    private static final String GET_PAIR = "0xe6a43905";
    private static final String GET_RESERVES = "0x0902f1ac";
    private static final String TOKEN0 = "0x0dfe1681";

    private final Web3j web3j;
    private final UniswapV2Market market;
    private final Asset.Erc20Token token;

    UniswapV2PriceSkill(Web3j web3j, UniswapV2Market market, Asset.Erc20Token token) {
        this.web3j = web3j;
        this.market = market;
        this.token = token;
    }

    @Override
    public A2aResult perform(A2aRequest request) {
        String pair = "0x" + call(market.factory().value(), GET_PAIR + word(token.contract().value()) + word(market.weth().value())).substring(26);
        if (new BigInteger(pair.substring(2), 16).signum() == 0) {
            return new A2aResult("There is no " + token.symbol() + "/WETH pair in the Uniswap V2 market " + market.factory().value() + ".",
                    Map.of("pair", ""));
        }
        String reserves = call(pair, GET_RESERVES).substring(2);
        BigInteger r0 = new BigInteger(reserves.substring(0, 64), 16);
        BigInteger r1 = new BigInteger(reserves.substring(64, 128), 16);
        boolean tokenFirst = ("0x" + call(pair, TOKEN0).substring(26)).equalsIgnoreCase(token.contract().value());
        BigInteger tokenReserve = tokenFirst ? r0 : r1;
        BigInteger wethReserve = tokenFirst ? r1 : r0;
        if (tokenReserve.signum() == 0) {
            return new A2aResult("The " + token.symbol() + "/WETH pair " + pair + " is empty.", Map.of("pair", pair));
        }
        BigDecimal price = new BigDecimal(wethReserve, 18).divide(new BigDecimal(tokenReserve, token.decimals()), MathContext.DECIMAL64);
        String text = "1 " + token.symbol() + " = " + price.stripTrailingZeros().toPlainString() + " ETH on Uniswap V2 (pair " + pair
                + ", reserves " + new BigDecimal(tokenReserve, token.decimals()).toPlainString() + " " + token.symbol() + " / "
                + new BigDecimal(wethReserve, 18).toPlainString() + " WETH)";
        return new A2aResult(text, Map.of("pair", pair, "tokenReserve", tokenReserve.toString(), "wethReserve", wethReserve.toString()));
    }

    private String call(String to, String data) {
        try {
            var r = web3j.ethCall(Transaction.createEthCallTransaction(null, to, data), DefaultBlockParameterName.LATEST).send();
            if (r.hasError() || r.getValue() == null || r.getValue().length() < 66) {
                throw new IllegalStateException("the Uniswap V2 read at " + to + " failed: " + (r.hasError() ? r.getError().getMessage() : "empty"));
            }
            return r.getValue();
        } catch (IOException e) {
            throw new IllegalStateException("the EVM node did not answer a Uniswap V2 read (" + e.getMessage() + ")", e);
        }
    }

    private static String word(String address) {
        return Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(address), 64);
    }
}
