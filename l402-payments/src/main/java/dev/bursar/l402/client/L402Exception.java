package dev.bursar.l402.client;

import dev.bursar.wallet.WalletException;

/**
 * An L402 exchange that cannot complete: a malformed or inconsistent challenge, a price above the limit, a payment
 * that policy denied or holds for approval, or a server that still refuses after payment. The message says which.
 */
public class L402Exception extends WalletException {

    public L402Exception(String message) {
        super(message);
    }

    public L402Exception(String message, Throwable cause) {
        super(message, cause);
    }
}
