package dev.bursar.ranking;

import java.math.BigInteger;

/**
 * Buys, transfers and sells a token through a Uniswap V2 router, as a user's wallet would, on an anvil snapshot: a buy
 * with {@code swapExactETHForTokensSupportingFeeOnTransferTokens}, a transfer between two strangers, then
 * {@code approve} and {@code swapExactTokensForETHSupportingFeeOnTransferTokens} (the router's {@code transferFrom}
 * into the pair, which a plain transfer to the pair does not exercise). Each leg's tax comes from balance deltas
 * against the pool's own quote. The chain is left exactly as found.
 */
final class RouterSimulator {

    static final String GET_PAIR = Abi.selector("getPair(address,address)");
    private static final String BUY = Abi.selector("swapExactETHForTokensSupportingFeeOnTransferTokens(uint256,address[],address,uint256)");
    private static final String SELL = Abi.selector(
            "swapExactTokensForETHSupportingFeeOnTransferTokens(uint256,uint256,address[],address,uint256)");
    private static final String GET_AMOUNTS_OUT = Abi.selector("getAmountsOut(uint256,address[])");
    private static final String APPROVE = Abi.selector("approve(address,uint256)");
    private static final BigInteger DEADLINE = BigInteger.TWO.pow(40);
    private static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private final ScanContext ctx;
    private final UniswapV2Market market;
    private final AnvilSession session;

    /** @param node the anvil node the trades are sent to: the scanned node itself, or a fork of it */
    RouterSimulator(ScanContext ctx, UniswapV2Market market, NodeClient node) {
        this.ctx = ctx;
        this.market = market;
        this.session = new AnvilSession(node);
    }

    void simulate(String token, String pair) {
        session.onSnapshot(() -> run(token, pair));
    }

    private void run(String token, String pair) {
        String router = market.router().lowerCase();
        String weth = market.weth().lowerCase();
        BigInteger pooledWeth = session.tokenBalance(weth, pair);
        if (pooledWeth.signum() == 0 || session.tokenBalance(token, pair).signum() == 0) {
            ctx.unknown("router buy/sell simulation", "the Uniswap V2 pool " + pair + " has no liquidity", "simulation");
            return;
        }
        String where = "Uniswap V2 router " + router + " (pool " + pair + ")";
        String buyer = session.freshAccount();
        String other = session.freshAccount();
        try {
            BigInteger ethIn = pooledWeth.divide(BigInteger.valueOf(100)).max(BigInteger.ONE);
            BigInteger quotedBuy = buy(router, buyer, ethIn, weth, token);
            if (quotedBuy == null) {
                // A max-transaction or max-wallet limit refuses a large buy and lets a small one through.
                BigInteger small = ethIn.divide(BigInteger.TEN).max(BigInteger.ONE);
                quotedBuy = buy(router, buyer, small, weth, token);
                if (quotedBuy == null) {
                    ctx.add(FindingCode.CANNOT_BUY, "a buy of " + ethIn + " wei (and of " + small + ") through " + where + " reverts",
                            "simulation");
                    return;
                }
                ctx.add(FindingCode.MAX_TX_LIMIT, "a buy of " + ethIn + " wei (1 % of the pool) through " + where + " reverts, one of "
                        + small + " wei works: a max transaction or max wallet limit", "simulation");
            }
            BigInteger bought = session.tokenBalance(token, buyer);
            double buyTax = TokenSimulator.tax(quotedBuy, bought);

            TokenSimulator.TransferLeg leg = TokenSimulator.transferBetweenStrangers(ctx, session, token, buyer, other,
                    bought.divide(BigInteger.TWO));
            if (leg == null) {
                return;
            }
            boolean cooldown = leg.cooldown();
            double transferTax = leg.tax();

            if (!session.send(buyer, token, APPROVE + Abi.word(router) + Abi.word(MAX), BigInteger.ZERO)) {
                ctx.add(FindingCode.HONEYPOT_SELL_REVERTS, "a holder's approve of the router reverts, so it can never sell", "simulation");
                return;
            }
            BigInteger all = session.tokenBalance(token, buyer);
            BigInteger sold = all;
            BigInteger pairBefore = session.tokenBalance(token, pair);
            if (!sell(buyer, router, all, token, weth)) {
                BigInteger part = all.multiply(BigInteger.valueOf(90)).divide(BigInteger.valueOf(100));
                if (sell(buyer, router, part, token, weth)) {
                    ctx.add(FindingCode.CANNOT_SELL_ALL, "selling the whole balance (" + all + ") through " + where
                            + " reverts, selling 90 % works", "simulation");
                    sold = part;
                } else {
                    ctx.add(FindingCode.HONEYPOT_SELL_REVERTS, "a holder's sell of " + all + " (and of 90 %) through " + where
                            + " reverts, after a buy that worked" + (cooldown ? " and an hour's wait" : ""), "simulation");
                    return;
                }
            }
            // The router sends the pool what the token let through; the pool's balance of it rose by exactly that.
            BigInteger arrived = session.tokenBalance(token, pair).subtract(pairBefore);
            TokenSimulator.reportTaxes(ctx, buyTax, transferTax, TokenSimulator.tax(sold, arrived), where);
        } finally {
            session.release(buyer, other);
        }
    }

    /** Buys with {@code eth} through the router; the pool's quote for it when the buy went through, else null. */
    private BigInteger buy(String router, String buyer, BigInteger eth, String weth, String token) {
        BigInteger quoted = quote(router, eth, weth, token);
        boolean ok = session.send(buyer, router, BUY + Abi.word(BigInteger.ZERO) + Abi.word(BigInteger.valueOf(128)) + Abi.word(buyer)
                + Abi.word(DEADLINE) + path(weth, token), eth);
        return ok ? quoted : null;
    }

    private boolean sell(String seller, String router, BigInteger amount, String token, String weth) {
        return session.send(seller, router, SELL + Abi.word(amount) + Abi.word(BigInteger.ZERO) + Abi.word(BigInteger.valueOf(160))
                + Abi.word(seller) + Abi.word(DEADLINE) + path(token, weth), BigInteger.ZERO);
    }

    /** What the pool's reserves give for {@code amountIn} of {@code from}, before any token tax. */
    private BigInteger quote(String router, BigInteger amountIn, String from, String to) {
        NodeClient.CallResult r = session.call(router, GET_AMOUNTS_OUT + Abi.word(amountIn) + Abi.word(BigInteger.valueOf(64)) + path(from, to));
        if (!r.success()) {
            throw new RankingException("the router's getAmountsOut reverted: " + r.revertReason());
        }
        String data = Abi.strip(r.data());
        // (uint256[] amounts): offset, length 2, amounts[0], amounts[1]
        return new BigInteger(data.substring(192, 256), 16);
    }

    /** The tail of an {@code address[]} argument of two addresses. */
    private static String path(String first, String second) {
        return Abi.word(BigInteger.TWO) + Abi.word(first) + Abi.word(second);
    }
}
