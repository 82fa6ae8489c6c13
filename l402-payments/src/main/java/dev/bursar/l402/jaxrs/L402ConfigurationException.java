package dev.bursar.l402.jaxrs;

/**
 * The L402 filter cannot price or name the service of a resource: an {@code @L402} without a service, or a service
 * with no price anywhere. A deployment mistake, answered as a server error until the configuration is fixed.
 */
public final class L402ConfigurationException extends IllegalStateException {

    public L402ConfigurationException(String message) {
        super(message);
    }
}
