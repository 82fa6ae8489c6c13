package dev.bursar.registry.discovery;

import dev.bursar.registry.RegistryException;

/** Base of the discovery index's errors; the message says what was refused and what to do about it. */
public class DiscoveryException extends RegistryException {

    public DiscoveryException(String message) {
        super(message);
    }

    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
