package dev.bursar.wallet.evm;

import org.web3j.protocol.core.methods.response.EthFeeHistory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * EIP-1559 fees from {@code eth_feeHistory}: the next block's base fee, and as tip the median over recent blocks of
 * the configured reward percentile (never below a floor). {@code maxFeePerGas} is twice the base fee plus the tip,
 * capped at the ceiling when base fee plus tip still fits under it; above that the oracle refuses.
 */
final class FeeOracle {

    /** The two EIP-1559 fee fields, in wei per gas. */
    record Fees(BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) {
    }

    static final int HISTORY_BLOCKS = 5;

    private final EvmRpc rpc;
    private final int tipPercentile;
    private final BigInteger minPriorityFee;
    private final BigInteger maxFeeCeiling;

    FeeOracle(EvmRpc rpc, int tipPercentile, BigInteger minPriorityFee, BigInteger maxFeeCeiling) {
        this.rpc = rpc;
        this.tipPercentile = tipPercentile;
        this.minPriorityFee = minPriorityFee;
        this.maxFeeCeiling = maxFeeCeiling;
    }

    BigInteger ceiling() {
        return maxFeeCeiling;
    }

    /** Current fees, reusing the last answer for up to {@link #CACHE_NANOS} (fees move per block; the 2×base headroom covers it). */
    Fees current() {
        Cached c = cached;
        long now = System.nanoTime();
        if (c != null && now - c.at < CACHE_NANOS) {
            return c.fees;
        }
        Fees fresh = fresh();
        cached = new Cached(fresh, now);
        return fresh;
    }

    private record Cached(Fees fees, long at) {
    }

    private static final long CACHE_NANOS = 1_000_000_000L;
    private volatile Cached cached;

    /** Fees read from the node now. */
    Fees fresh() {
        EthFeeHistory.FeeHistory history = rpc.feeHistory(HISTORY_BLOCKS, tipPercentile);
        List<BigInteger> baseFees = history.getBaseFeePerGas();
        BigInteger nextBase = baseFees == null || baseFees.isEmpty() ? BigInteger.ZERO : baseFees.get(baseFees.size() - 1);
        return fees(nextBase, medianTip(history.getReward()));
    }

    /** Applies the floor, the 2×base rule and the ceiling to a base fee and an observed tip. */
    Fees fees(BigInteger nextBase, BigInteger observedTip) {
        BigInteger tip = observedTip.max(minPriorityFee);
        BigInteger needed = nextBase.add(tip);
        if (needed.compareTo(maxFeeCeiling) > 0) {
            throw new FeeCeilingExceededException("the network needs at least " + gwei(needed) + " gwei per gas (base fee "
                    + gwei(nextBase) + " + tip " + gwei(tip) + "), above this wallet's maxFeePerGas ceiling of "
                    + gwei(maxFeeCeiling) + " gwei; wait for fees to fall or raise the ceiling");
        }
        BigInteger maxFee = nextBase.shiftLeft(1).add(tip).min(maxFeeCeiling);
        return new Fees(tip, maxFee);
    }

    /** Raises both fees of a stuck transaction by at least 12.5 % (rounded up), and to at least today's fees. */
    Fees bumped(BigInteger oldTip, BigInteger oldMaxFee) {
        Fees now = fresh();
        BigInteger tip = raise(oldTip).max(now.maxPriorityFeePerGas());
        BigInteger maxFee = raise(oldMaxFee).max(now.maxFeePerGas()).max(tip);
        if (maxFee.compareTo(maxFeeCeiling) > 0) {
            throw new FeeCeilingExceededException("bumping the fee needs maxFeePerGas " + gwei(maxFee) + " gwei, above this wallet's ceiling of "
                    + gwei(maxFeeCeiling) + " gwei; raise the ceiling or wait for the transaction");
        }
        return new Fees(tip, maxFee);
    }

    /** {@code ceil(value × 9 / 8)}: 12.5 % more, at least 1 wei more. */
    static BigInteger raise(BigInteger value) {
        BigInteger raised = value.multiply(BigInteger.valueOf(9)).add(BigInteger.valueOf(7)).divide(BigInteger.valueOf(8));
        return raised.max(value.add(BigInteger.ONE));
    }

    private static BigInteger medianTip(List<List<BigInteger>> rewards) {
        if (rewards == null) {
            return BigInteger.ZERO;
        }
        List<BigInteger> tips = new ArrayList<>();
        for (List<BigInteger> block : rewards) {
            if (block != null && !block.isEmpty() && block.get(0) != null) {
                tips.add(block.get(0));
            }
        }
        if (tips.isEmpty()) {
            return BigInteger.ZERO;
        }
        tips.sort(null);
        return tips.get(tips.size() / 2);
    }

    static String gwei(BigInteger wei) {
        return new java.math.BigDecimal(wei, 9).stripTrailingZeros().toPlainString();
    }
}
