package dev.bursar.registry.discovery;

/**
 * An agentURI could not be resolved within the resolver's bounds: unsupported scheme, refused host, redirect, too large,
 * too slow or an error status. Nothing was indexed from it.
 */
public final class AgentUriException extends DiscoveryException {

    public AgentUriException(String message) {
        super(message);
    }

    public AgentUriException(String message, Throwable cause) {
        super(message, cause);
    }
}
