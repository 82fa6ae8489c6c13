package dev.bursar.l402.server;

import java.util.Objects;
import java.util.Optional;

/**
 * What one request asks for, as the seller priced it: the service, the list price of the resource in sats (before a
 * dynamic price hook), the request path, the path rule that priced it (the seller's own rule, already validated where it was configured, if a path price applied) and who asks (the
 * client's address, for the challenge rate limit). A token minted for one purchase carries its price and path rule in
 * caveats and opens only requests that cost no more and fall under the same rule.
 */
public record L402Purchase(PricedService service, long listPriceSats, String path, Optional<String> pathRule, String client) {

    public L402Purchase {
        Objects.requireNonNull(service, "service");
        if (listPriceSats <= 0) {
            throw new IllegalArgumentException("the list price of " + service.name() + " must be at least 1 sat, got " + listPriceSats);
        }
        path = path == null || path.isEmpty() ? "/" : path;
        pathRule = pathRule == null ? Optional.empty() : pathRule;
        client = client == null || client.isBlank() ? "unknown" : client;
    }

    /** A request for {@code service} at its registered price, with no path rule, from an unnamed client. */
    public static L402Purchase of(PricedService service) {
        return new L402Purchase(service, service.priceSats(), "/", Optional.empty(), "unknown");
    }
}
