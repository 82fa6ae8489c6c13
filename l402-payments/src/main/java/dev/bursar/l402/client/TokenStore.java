package dev.bursar.l402.client;

import dev.bursar.l402.header.L402Authorization;

import java.util.Optional;

/**
 * Where paid L402 tokens are kept between runs, by scope (origin plus first path segment), so a restart never pays
 * for a token again.
 */
public interface TokenStore {

    Optional<L402Authorization> get(String scope);

    void put(String scope, L402Authorization token);

    void remove(String scope);
}
