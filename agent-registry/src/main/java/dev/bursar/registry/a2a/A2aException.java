package dev.bursar.registry.a2a;

import dev.bursar.registry.RegistryException;

/** An A2A exchange failed: the card could not be fetched or trusted, the peer answered an error, or it timed out. */
public class A2aException extends RegistryException {

    public A2aException(String message) {
        super(message);
    }

    public A2aException(String message, Throwable cause) {
        super(message, cause);
    }
}
