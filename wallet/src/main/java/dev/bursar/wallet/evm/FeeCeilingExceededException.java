package dev.bursar.wallet.evm;

import dev.bursar.wallet.WalletException;

/**
 * Network fees are above the wallet's configured ceiling on {@code maxFeePerGas}: nothing was signed or sent.
 */
public class FeeCeilingExceededException extends WalletException {

    public FeeCeilingExceededException(String message) {
        super(message);
    }
}
