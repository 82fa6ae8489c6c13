package dev.bursar.registry.discovery;

/** A registration file is not valid ERC-8004 registration JSON (or breaks our extension's rules); nothing was indexed. */
public final class RegistrationFileException extends DiscoveryException {

    public RegistrationFileException(String message) {
        super(message);
    }

    public RegistrationFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
