package dev.bursar.wallet.evm;

import dev.bursar.wallet.InvalidInputException;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A transaction would need more gas than the wallet's per-transaction ceiling ({@link EvmWallet.Builder#maxGasLimit}):
 * typically a payee contract whose code burns gas. Refused when quoting, so nothing was signed or sent. The message
 * gives the estimate (when the node could make one under the ceiling), the ceiling, and how to raise it.
 */
public class GasLimitExceededException extends InvalidInputException {

    private final transient BigInteger estimate;
    private final transient BigInteger ceiling;

    public GasLimitExceededException(String message, BigInteger estimate, BigInteger ceiling) {
        super(message);
        this.estimate = estimate;
        this.ceiling = ceiling;
    }

    /**
     * The node's gas estimate without the margin, or empty when it is not known (the transaction ran out of gas under
     * the ceiling, or a quote carried a gas limit above it).
     */
    public Optional<BigInteger> estimate() {
        return Optional.ofNullable(estimate);
    }

    /** The ceiling the transaction exceeded, in gas. */
    public BigInteger ceiling() {
        return ceiling;
    }
}
