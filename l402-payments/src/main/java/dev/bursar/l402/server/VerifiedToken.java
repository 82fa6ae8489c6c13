package dev.bursar.l402.server;

import dev.bursar.l402.macaroon.L402Identifier;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A credential that passed verification: its identifier, the capabilities its caveats grant for the service (empty
 * when unrestricted; the backend checks them against what the request does) and when it stops being valid, if ever.
 */
public record VerifiedToken(L402Identifier identifier, String service, List<String> capabilities, Optional<Instant> expiresAt) {

    public VerifiedToken {
        capabilities = List.copyOf(capabilities);
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }

    public VerifiedToken(L402Identifier identifier, String service, List<String> capabilities) {
        this(identifier, service, capabilities, Optional.empty());
    }
}
