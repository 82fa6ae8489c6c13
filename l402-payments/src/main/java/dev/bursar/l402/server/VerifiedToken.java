package dev.bursar.l402.server;

import dev.bursar.l402.macaroon.L402Identifier;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A credential that passed verification: its identifier, the capabilities its caveats grant for the service (empty
 * when unrestricted; the backend checks them against what the request does), when it stops being valid, if ever, and
 * what it was sold for: the highest list price it opens and the path rules a request must match.
 */
public record VerifiedToken(L402Identifier identifier, String service, List<String> capabilities, Optional<Instant> expiresAt,
                            OptionalLong maxPriceSats, List<String> pathRules) {

    public VerifiedToken {
        capabilities = List.copyOf(capabilities);
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
        maxPriceSats = maxPriceSats == null ? OptionalLong.empty() : maxPriceSats;
        pathRules = List.copyOf(pathRules);
    }

    /**
     * Why this token does not open {@code purchase} (a dearer resource, a path outside its rule), or empty when it
     * does. A token without a price caveat opens nothing: it was minted before tokens were bound to what they bought.
     * A path caveat opens exactly the paths that the same rule of the seller priced: it is compared with the rule that
     * priced the request, never run as a regular expression, so a caveat a holder appends costs the seller no regex
     * work and can only narrow what the token opens.
     */
    public Optional<String> refusalFor(L402Purchase purchase) {
        if (maxPriceSats.isEmpty()) {
            return Optional.of("this L402 token names no price (minted before tokens were bound to what they bought); pay again");
        }
        if (purchase.listPriceSats() > maxPriceSats.getAsLong()) {
            return Optional.of("this L402 token bought a " + maxPriceSats.getAsLong() + "-sat resource of " + service + "; "
                    + purchase.path() + " costs " + purchase.listPriceSats() + " sat: pay for it");
        }
        for (String rule : pathRules) {
            if (purchase.pathRule().filter(rule::equals).isEmpty()) {
                return Optional.of("this L402 token is for paths matching " + rule + " of " + service + ", not " + purchase.path()
                        + ": pay for it");
            }
        }
        return Optional.empty();
    }
}
