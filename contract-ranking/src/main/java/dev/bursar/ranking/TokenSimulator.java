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

    TokenSimulator(ScanContext ctx) {
        this.ctx = ctx;
        this.node = ctx.node;
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
        node.exclusive(() -> {
            String snapshot = node.call("evm_snapshot").asText();
            try {
                run(token, pair);
            } finally {
                node.call("evm_revert", snapshot);
            }
            return null;
        });
    }

    private void run(String token, String pair) {
        BigInteger reserveToken = uint(node.ethCall(null, pair, RESERVE_TOKEN, "latest"));
        BigInteger reserveEth = uint(node.ethCall(null, pair, RESERVE_ETH, "latest"));
        if (reserveEth.signum() == 0 || reserveToken.signum() == 0) {
            ctx.unknown("buy/sell simulation", "pair " + pair + " has no liquidity", "simulation");
            return;
        }
        String buyer = PrivilegeAnalyzer.randomAddress();
        String other = PrivilegeAnalyzer.randomAddress();
        for (String a : new String[]{buyer, other}) {
            node.call("anvil_setBalance", a, "0x56bc75e2d63100000");
            node.call("anvil_impersonateAccount", a);
        }
        try {
            BigInteger ethIn = reserveEth.divide(BigInteger.valueOf(100)).max(BigInteger.ONE);
            BigInteger expected = reserveToken.multiply(ethIn).divide(reserveEth.add(ethIn));
            if (!send(buyer, pair, BUY + Abi.word(buyer), ethIn)) {
                ctx.add(FindingCode.CANNOT_BUY, "buy(" + buyer + ") for " + ethIn + " wei through pair " + pair + " reverts", "simulation");
                return;
            }
            BigInteger bought = balance(token, buyer);
            double buyTax = tax(expected, bought);

            BigInteger half = bought.divide(BigInteger.TWO);
            String transfer = TRANSFER + Abi.word(other) + Abi.word(half);
            boolean cooldown = false;
            if (!send(buyer, token, transfer, BigInteger.ZERO)) {
                advance(3600);
                if (send(buyer, token, transfer, BigInteger.ZERO)) {
                    cooldown = true;
                    ctx.add(FindingCode.COOLDOWN, "a wallet-to-wallet transfer right after a buy reverts and succeeds an hour later",
                            "simulation");
                } else {
                    ctx.add(FindingCode.TRANSFER_REVERTS, "transfer of " + half + " units from a fresh buyer to another wallet reverts",
                            "simulation");
                    return;
                }
            }
            double transferTax = tax(half, balance(token, other));

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
            double sellTax = tax(sold, arrived);
            double worst = Math.max(buyTax, Math.max(transferTax, sellTax));
            String taxes = String.format("measured taxes: buy %.1f %%, transfer %.1f %%, sell %.1f %%", buyTax, transferTax, sellTax);
            if (worst >= 50) {
                ctx.add(FindingCode.TAX_GE_50, taxes, "simulation");
            } else if (worst >= 0.5) {
                int penalty = (int) Math.min(30, Math.round(worst));
                ctx.add(new Finding(FindingCode.TAX_MEASURED, FindingCode.TAX_MEASURED.severity(), taxes, "simulation", penalty));
            } else {
                ctx.add(FindingCode.SIMULATION_PASSED, "buy, wallet-to-wallet transfer and sell through " + pair + " succeeded; " + taxes,
                        "simulation");
            }
        } finally {
            for (String a : new String[]{buyer, other}) {
                node.call("anvil_stopImpersonatingAccount", a);
            }
        }
    }

    private boolean send(String from, String to, String data, BigInteger value) {
        Map<String, String> tx = Map.of("from", from, "to", to, "data", data, "value", "0x" + value.toString(16), "gas", "0x1e8480");
        String hash;
        try {
            hash = node.call("eth_sendTransaction", tx).asText();
        } catch (NodeException e) {
            if (e.isTimeout() || e.rpcCode() == null || !e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("revert")) {
                throw e;
            }
            return false;
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode receipt = node.call("eth_getTransactionReceipt", hash);
            if (!receipt.isNull()) {
                return "0x1".equals(receipt.path("status").asText());
            }
            Thread.onSpinWait();
        }
        throw new NodeException("eth_getTransactionReceipt", "no receipt for simulated transaction " + hash + " within 10 s "
                + "(is anvil mining on demand?)", true, null, null);
    }

    private void advance(long seconds) {
        node.call("evm_increaseTime", seconds);
        node.call("evm_mine");
    }

    private BigInteger balance(String token, String holder) {
        return uint(node.ethCall(null, token, BALANCE_OF + Abi.word(holder), "latest"));
    }

    private static BigInteger uint(NodeClient.CallResult r) {
        if (!r.success()) {
            throw new RankingException("a read during simulation reverted: " + r.revertReason());
        }
        return Abi.uintFromWord(r.data()).orElseThrow(() -> new RankingException("a read during simulation returned no value"));
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
