package dev.bursar.registry.discovery;

/**
 * A registration file that does not name the agent it was registered for (its {@code registrations} lack this agent id
 * in this registry): anyone can point an agentURI at someone else's file, so it is not indexed.
 */
public final class UntrustedRegistrationException extends DiscoveryException {

    public UntrustedRegistrationException(String message) {
        super(message);
    }
}
