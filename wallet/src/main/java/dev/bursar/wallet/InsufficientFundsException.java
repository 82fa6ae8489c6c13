package dev.bursar.wallet;

/**
 * The wallet holds less than a payment needs (checked before signing): nothing was sent.
 */
public class InsufficientFundsException extends WalletException {

    public InsufficientFundsException(String message) {
        super(message);
    }
}
