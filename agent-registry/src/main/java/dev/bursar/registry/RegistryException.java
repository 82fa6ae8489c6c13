package dev.bursar.registry;

/**
 * Base of every error the registry clients raise; the message says what went wrong and what to do, and never holds a
 * key or a signature.
 */
public class RegistryException extends RuntimeException {

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
