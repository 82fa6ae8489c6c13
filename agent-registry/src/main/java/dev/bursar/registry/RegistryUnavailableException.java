package dev.bursar.registry;

/** The EVM node did not answer a read or a receipt lookup; nothing was sent by the failed step. */
public final class RegistryUnavailableException extends RegistryException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
