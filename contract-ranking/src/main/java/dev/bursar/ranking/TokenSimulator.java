package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Map;

/**
 * Buys, transfers and sells a token for real on an anvil snapshot (evm_snapshot, anvil_impersonateAccount,
 * anvil_setBalance, evm_revert), measuring each leg's tax from balance deltas. A sell that reverts is a honeypot; a
 * transfer that only works after time passes is a cooldown; a full sell that reverts while 90 % goes through is
 * "cannot sell all". The chain is left exactly as found.
 */
final class TokenSimulator {

    static final String BALANCE_OF = "0x70a08231";
    static final String TRANSFER = "0xa9059cbb";
    static final String BUY = Abi.selector("buy(address)");
    static final String SELL = Abi.selector("sell(address)");
    static final String RESERVE_TOKEN = Abi.selector("reserveToken()");
    static final String RESERVE_ETH = Abi.selector("reserveEth()");

    private final ScanContext ctx;
    private final NodeClient node;
    private final AnvilSession session;

    /** @param node the anvil node the trades are sent to: the scanned node itself, or a fork of it */
    TokenSimulator(ScanContext ctx, NodeClient node) {
        this.ctx = ctx;
        this.node = node;
        this.session = new AnvilSession(node);
    }

    /** True when the node has the anvil methods this needs. */
    static boolean supported(NodeClient node) {
        try {
            String client = node.call("web3_clientVersion").asText().toLowerCase(java.util.Locale.ROOT);
            return client.contains("anvil");
        } catch (NodeException e) {
            return false;
        }
    }

    void simulate(String token, String pair) {
        session.onSnapshot(() -> run(token, pair));
    }

    private void run(String token, String pair) {
        BigInteger reserveToken = uint(node.ethCall(null, pair, RESERVE_TOKEN, "latest"));
        BigInteger reserveEth = uint(node.ethCall(null, pair, RESERVE_ETH, "latest"));
        if (reserveEth.signum() == 0 || reserveToken.signum() == 0) {
            ctx.unknown("buy/sell simulation", "pair " + pair + " has no liquidity", "simulation");
            return;
        }
        String buyer = session.freshAccount();
        String other = session.freshAccount();
        try {
            BigInteger ethIn = reserveEth.divide(BigInteger.valueOf(100)).max(BigInteger.ONE);
            BigInteger expected = reserveToken.multiply(ethIn).divide(reserveEth.add(ethIn));
            if (!send(buyer, pair, BUY + Abi.word(buyer), ethIn)) {
                ctx.add(FindingCode.CANNOT_BUY, "buy(" + buyer + ") for " + ethIn + " wei through pair " + pair + " reverts", "simulation");
                return;
            }
            BigInteger bought = balance(token, buyer);
            double buyTax = tax(expected, bought);

            TransferLeg leg = transferBetweenStrangers(ctx, session, token, buyer, other, bought.divide(BigInteger.TWO));
            if (leg == null) {
                return;
            }
            boolean cooldown = leg.cooldown();
            double transferTax = leg.tax();

            BigInteger all = balance(token, buyer);
            BigInteger pairBefore = balance(token, pair);
            BigInteger sold = all;
            if (!send(buyer, token, TRANSFER + Abi.word(pair) + Abi.word(all), BigInteger.ZERO)) {
                BigInteger part = all.multiply(BigInteger.valueOf(90)).divide(BigInteger.valueOf(100));
                if (send(buyer, token, TRANSFER + Abi.word(pair) + Abi.word(part), BigInteger.ZERO)) {
                    ctx.add(FindingCode.CANNOT_SELL_ALL, "selling the whole balance (" + all + ") reverts, selling 90 % works", "simulation");
                    sold = part;
                } else {
                    ctx.add(FindingCode.HONEYPOT_SELL_REVERTS, "a holder's sell (transfer of " + all + " and of 90 % to pair " + pair
                            + ") reverts, after a buy that worked" + (cooldown ? " and an hour's wait" : ""), "simulation");
                    return;
                }
            }
            BigInteger arrived = balance(token, pair).subtract(pairBefore);
            if (!send(buyer, pair, SELL + Abi.word(buyer), BigInteger.ZERO)) {
                ctx.add(FindingCode.HONEYPOT_SELL_REVERTS, "the pair's sell(" + buyer + ") reverts after the tokens arrived", "simulation");
                return;
            }
            reportTaxes(ctx, buyTax, transferTax, tax(sold, arrived), "pair " + pair);
        } finally {
            session.release(buyer, other);
        }
    }

    private boolean send(String from, String to, String data, BigInteger value) {
        return session.send(from, to, data, value);
    }

    private BigInteger balance(String token, String holder) {
        return session.tokenBalance(token, holder);
    }

    private static BigInteger uint(NodeClient.CallResult r) {
        return AnvilSession.uint(r);
    }

    /** A wallet-to-wallet transfer that went through: its tax, and whether it had to wait out a cooldown. */
    record TransferLeg(double tax, boolean cooldown) {
    }

    /**
     * Transfers {@code amount} from a fresh buyer to another wallet, once more an hour later if it reverts (a cooldown);
     * null, with the finding added, when it never goes through.
     */
    static TransferLeg transferBetweenStrangers(ScanContext ctx, AnvilSession session, String token, String from, String to,
                                                BigInteger amount) {
        String transfer = TRANSFER + Abi.word(to) + Abi.word(amount);
        boolean cooldown = false;
        if (!session.send(from, token, transfer, BigInteger.ZERO)) {
            session.advance(3600);
            if (!session.send(from, token, transfer, BigInteger.ZERO)) {
                ctx.add(FindingCode.TRANSFER_REVERTS, "transfer of " + amount + " units from a fresh buyer to another wallet reverts",
                        "simulation");
                return null;
            }
            cooldown = true;
            ctx.add(FindingCode.COOLDOWN, "a wallet-to-wallet transfer right after a buy reverts and succeeds an hour later", "simulation");
        }
        return new TransferLeg(tax(amount, session.tokenBalance(token, to)), cooldown);
    }

    /** Adds the finding the measured taxes call for: a tax of 50 % or more, a smaller one, or a clean pass. */
    static void reportTaxes(ScanContext ctx, double buyTax, double transferTax, double sellTax, String where) {
        double worst = Math.max(buyTax, Math.max(transferTax, sellTax));
        String taxes = String.format("measured taxes: buy %.1f %%, transfer %.1f %%, sell %.1f %%", buyTax, transferTax, sellTax);
        if (worst >= 50) {
            ctx.add(FindingCode.TAX_GE_50, taxes + " (through " + where + ")", "simulation");
        } else if (worst >= 0.5) {
            int penalty = (int) Math.min(30, Math.round(worst));
            ctx.add(new Finding(FindingCode.TAX_MEASURED, FindingCode.TAX_MEASURED.severity(), taxes + " (through " + where + ")",
                    "simulation", penalty));
        } else {
            ctx.add(FindingCode.SIMULATION_PASSED, "buy, wallet-to-wallet transfer and sell through " + where + " succeeded; " + taxes,
                    "simulation");
        }
    }

    /** Percent lost between what was expected and what arrived (0 when more arrived). */
    static double tax(BigInteger expected, BigInteger received) {
        if (expected.signum() <= 0 || received.compareTo(expected) >= 0) {
            return 0;
        }
        return new BigDecimal(expected.subtract(received)).multiply(BigDecimal.valueOf(100))
                .divide(new BigDecimal(expected), MathContext.DECIMAL64).doubleValue();
    }
}
