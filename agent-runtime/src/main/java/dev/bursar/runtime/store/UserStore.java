package dev.bursar.runtime.store;

import java.util.Optional;

/**
 * Users and their API keys. Keys are random, shown once, and stored only as hashes; authentication compares hashes in
 * constant time.
 */
public interface UserStore {

    /** Creates {@code userId} (or adds a key to it) and returns a fresh API key, in plain text this once. */
    IssuedKey issueKey(String userId, Role role);

    /** The user holding {@code apiKey}, if the key is known and not revoked. */
    Optional<User> authenticate(String apiKey);

    Optional<User> find(String userId);

    /** Revokes every key of {@code userId}. */
    void revokeKeys(String userId);
}
