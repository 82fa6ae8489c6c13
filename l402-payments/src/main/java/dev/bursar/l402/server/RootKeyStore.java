package dev.bursar.l402.server;

import java.util.Optional;

/**
 * Where a seller keeps each token's root key, under the SHA-256 of its identifier (as Aperture does); deleting a
 * key revokes its token.
 */
public interface RootKeyStore {

    void put(byte[] storageKey, byte[] rootKey);

    Optional<byte[]> get(byte[] storageKey);

    /** Revokes the token; returns whether a key was there. */
    boolean delete(byte[] storageKey);
}
