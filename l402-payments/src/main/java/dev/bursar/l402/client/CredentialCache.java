package dev.bursar.l402.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bursar.l402.header.L402Authorization;

import java.util.Optional;

/**
 * The paying client's memory of tokens that buy more than one call (L402), per scope: a bounded in-memory cache in
 * front of the {@link TokenStore}, so a cached call costs a map lookup and a restart never pays for a token again.
 */
final class CredentialCache {

    private final TokenStore store;
    private final Cache<String, L402Authorization> cache = Caffeine.newBuilder().maximumSize(10_000).build();

    CredentialCache(TokenStore store) {
        this.store = store;
    }

    Optional<L402Authorization> get(String scope) {
        L402Authorization hit = cache.getIfPresent(scope);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<L402Authorization> stored = store.get(scope);
        stored.ifPresent(t -> cache.put(scope, t));
        return stored;
    }

    void put(String scope, L402Authorization token) {
        cache.put(scope, token);
        store.put(scope, token);
    }

    void forget(String scope) {
        cache.invalidate(scope);
        store.remove(scope);
    }
}
