package dev.bursar.l402.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Sets the price of one token per request (by query, caller, load, time of day), starting from the configured
 * price; asked only when a fresh challenge is issued, never for a request that arrives with a valid token.
 */
@FunctionalInterface
public interface L402PriceHook {

    /** A hook that keeps the configured price. */
    L402PriceHook LIST_PRICE = (request, service, configuredSats) -> configuredSats;

    /**
     * The price in satoshis (at least 1) of a token for {@code service} bought by {@code request}.
     *
     * @param configuredSats the path price if one matches, else the annotation's, else the registered service's
     */
    long priceSats(ContainerRequestContext request, String service, long configuredSats);
}
