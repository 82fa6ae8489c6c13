package dev.bursar.wallet;

/**
 * The EVM node or LND could not be reached after bounded retries; nothing was sent by this attempt.
 */
public class PeerUnavailableException extends WalletException {

    public PeerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
