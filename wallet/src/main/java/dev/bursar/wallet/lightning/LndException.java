package dev.bursar.wallet.lightning;

import dev.bursar.wallet.WalletException;

/**
 * LND answered a call with an error that is neither bad input nor unreachability; the message names the call, the
 * node and LND's own reason.
 */
public class LndException extends WalletException {

    public LndException(String message, Throwable cause) {
        super(message, cause);
    }
}
