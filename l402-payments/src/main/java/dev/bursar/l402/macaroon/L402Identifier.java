package dev.bursar.l402.macaroon;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identifier of an L402 macaroon as Aperture lays it out: uint16 version 0, the invoice's payment hash (32 bytes),
 * a random token id (32 bytes); 66 bytes, big-endian.
 */
public final class L402Identifier {

    public static final int LENGTH = 66;

    private final byte[] paymentHash;
    private final byte[] tokenId;

    public L402Identifier(byte[] paymentHash, byte[] tokenId) {
        if (paymentHash == null || paymentHash.length != 32) {
            throw new MacaroonFormatException("an L402 payment hash is 32 bytes");
        }
        if (tokenId == null || tokenId.length != 32) {
            throw new MacaroonFormatException("an L402 token id is 32 bytes");
        }
        this.paymentHash = paymentHash.clone();
        this.tokenId = tokenId.clone();
    }

    /** Parses a macaroon identifier; anything but a 66-byte version-0 identifier is rejected. */
    public static L402Identifier decode(byte[] identifier) {
        if (identifier == null || identifier.length != LENGTH) {
            throw new MacaroonFormatException("not an L402 identifier: " + (identifier == null ? 0 : identifier.length)
                    + " bytes, expected 66 (version, payment hash, token id)");
        }
        int version = ((identifier[0] & 0xff) << 8) | (identifier[1] & 0xff);
        if (version != 0) {
            throw new MacaroonFormatException("unknown L402 identifier version " + version);
        }
        return new L402Identifier(Arrays.copyOfRange(identifier, 2, 34), Arrays.copyOfRange(identifier, 34, 66));
    }

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putShort((short) 0).put(paymentHash).put(tokenId).array();
    }

    public byte[] paymentHash() {
        return paymentHash.clone();
    }

    public String paymentHashHex() {
        return HexFormat.of().formatHex(paymentHash);
    }

    public byte[] tokenId() {
        return tokenId.clone();
    }

    /** SHA-256 of the encoded identifier: the key under which Aperture stores the macaroon's root key. */
    public byte[] storageKey() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encode());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof L402Identifier i && Arrays.equals(paymentHash, i.paymentHash) && Arrays.equals(tokenId, i.tokenId);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(paymentHash) * 31 + Arrays.hashCode(tokenId);
    }

    @Override
    public String toString() {
        return "L402Identifier[paymentHash=" + paymentHashHex() + "]";
    }
}
