package dev.bursar.wallet.evm;

import dev.bursar.wallet.WalletException;

/**
 * The node serves a different chain than the wallet (or an asset) was configured for: nothing was signed or sent.
 */
public class ChainMismatchException extends WalletException {

    public ChainMismatchException(String message) {
        super(message);
    }
}
