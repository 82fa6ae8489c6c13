package dev.bursar.wallet;

/**
 * Base of every error the wallet raises; messages say what went wrong and what to do, and never carry a secret.
 */
public class WalletException extends RuntimeException {

    public WalletException(String message) {
        super(message);
    }

    public WalletException(String message, Throwable cause) {
        super(message, cause);
    }
}
