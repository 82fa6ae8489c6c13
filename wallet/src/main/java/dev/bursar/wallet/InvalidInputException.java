package dev.bursar.wallet;

/**
 * Bad input (a malformed address, amount, invoice or argument): nothing was signed, sent or journaled.
 */
public class InvalidInputException extends WalletException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
