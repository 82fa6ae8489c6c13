package dev.bursar.registry.hire;

import dev.bursar.registry.RegistryException;

/** A hire that cannot go ahead (no usable endpoint, a quote over budget or over the advertised price, a payee that is
 * not the registered wallet); the message says why and what to change. Thrown before anything was paid. */
public final class HireException extends RegistryException {

    public HireException(String message) {
        super(message);
    }

    public HireException(String message, Throwable cause) {
        super(message, cause);
    }
}
