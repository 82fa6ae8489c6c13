package dev.bursar.registry.discovery;

/** The index could not be saved or loaded; the message names the file and what to check. */
public final class IndexStoreException extends DiscoveryException {

    public IndexStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexStoreException(String message) {
        super(message);
    }
}
