package dev.bursar.wallet;

/**
 * A key could not be loaded (wrong password, unreadable keystore, invalid mnemonic); the message never holds the secret.
 */
public class WalletKeyException extends WalletException {

    public WalletKeyException(String message) {
        super(message);
    }

    public WalletKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
