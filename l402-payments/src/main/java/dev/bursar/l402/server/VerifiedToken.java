package dev.bursar.l402.server;

import dev.bursar.l402.macaroon.L402Identifier;

import java.util.List;

/**
 * A credential that passed verification: its identifier, and the capabilities its caveats grant for the service
 * (empty when unrestricted); the backend checks capabilities against what the request does.
 */
public record VerifiedToken(L402Identifier identifier, String service, List<String> capabilities) {

    public VerifiedToken {
        capabilities = List.copyOf(capabilities);
    }
}
