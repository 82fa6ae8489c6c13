package dev.bursar.l402.server;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a seller keeps root keys under a SHA-256 storage key: one long-lived key per service, from which each token's
 * root key is derived (so an unpaid 402 writes nothing), the per-token keys of tokens minted before that (as Aperture
 * keeps them), and the tokens revoked until their validity ends.
 */
public interface RootKeyStore {

    /**
     * Stores the root key of a freshly minted token.
     *
     * @param unusedUntil when the key is dropped if no paid token was ever presented for it
     * @param validUntil  when the token stops verifying for good (its {@code <service>_valid_until}), or null for never
     */
    void put(byte[] storageKey, byte[] rootKey, Instant unusedUntil, Instant validUntil);

    Optional<byte[]> get(byte[] storageKey);

    /** Records that a paid token verified with this key, so it is no longer pruned as an unpaid challenge. */
    void markUsed(byte[] storageKey);

    /** Revokes the token; returns whether a key was there. */
    boolean delete(byte[] storageKey);

    /**
     * Revokes the token stored under {@code storageKey} until {@code until} (its validity's end; null: for ever), so it
     * never verifies again even though its root key is derived, not stored.
     */
    void revoke(byte[] storageKey, Instant until);

    /** Whether the token under {@code storageKey} was revoked. */
    boolean isRevoked(byte[] storageKey);

    /** Drops the keys of unpaid challenges past {@code unusedUntil} and of tokens past {@code validUntil}, and revocations past their end; returns how many keys. */
    int prune(Instant now);

    /** How many keys the store holds. */
    int size();
}
