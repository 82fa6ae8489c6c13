package dev.bursar.l402.server;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a seller keeps each token's root key, under the SHA-256 of its identifier (as Aperture does); deleting a
 * key revokes its token. Keys of challenges nobody paid for, and of tokens past their validity, are pruned so that
 * unpaid 402s cannot grow the store without bound.
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

    /** Drops the keys of unpaid challenges past {@code unusedUntil} and of tokens past {@code validUntil}; returns how many. */
    int prune(Instant now);

    /** How many keys the store holds. */
    int size();
}
