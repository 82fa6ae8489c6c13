package dev.bursar.devnet;

/**
 * Raised when the devnet cannot be installed or started; the message names what failed and what to do about it.
 */
public class DevnetException extends RuntimeException {

    public DevnetException(String message) {
        super(message);
    }

    public DevnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
