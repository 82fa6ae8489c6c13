package dev.bursar.l402.macaroon;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A macaroon as Go's {@code gopkg.in/macaroon.v2} (used by LND and Aperture) makes it: binary identifier, HMAC-SHA256
 * signature chain over a root key derived with "macaroons-key-generator", V2 binary encoding, standard base64 with
 * padding on output. Immutable: adding a caveat returns a new macaroon.
 */
public final class Macaroon {

    static final int SIGNATURE_LENGTH = 32;
    private static final byte[] KEY_GENERATOR = "macaroons-key-generator".getBytes(StandardCharsets.US_ASCII);

    private final String location;
    private final byte[] identifier;
    private final List<Caveat> caveats;
    private final byte[] signature;

    Macaroon(String location, byte[] identifier, List<Caveat> caveats, byte[] signature) {
        this.location = location == null ? "" : location;
        this.identifier = identifier.clone();
        this.caveats = List.copyOf(caveats);
        this.signature = signature.clone();
    }

    /** Mints a macaroon with {@code identifier} under {@code rootKey} (any length; Aperture uses 32 random bytes). */
    public static Macaroon mint(byte[] rootKey, byte[] identifier, String location) {
        if (identifier == null || identifier.length == 0) {
            throw new MacaroonFormatException("a macaroon needs a non-empty identifier");
        }
        return new Macaroon(location, identifier, List.of(), hmac(derive(rootKey), identifier));
    }

    /** This macaroon with one more first-party caveat, such as {@code preimage=<hex>} or {@code svc_valid_until=...}. */
    public Macaroon withFirstPartyCaveat(String condition) {
        Caveat caveat = Caveat.firstParty(condition);
        List<Caveat> more = new ArrayList<>(caveats);
        more.add(caveat);
        return new Macaroon(location, identifier, more, hmac(signature, caveat.id()));
    }

    /**
     * Whether the signature chain is valid under {@code rootKey} (constant-time comparison). Caveat predicates are
     * not checked here; a macaroon with third-party caveats never verifies, since discharges are not supported.
     */
    public boolean hasValidSignature(byte[] rootKey) {
        byte[] sig = hmac(derive(rootKey), identifier);
        for (Caveat c : caveats) {
            if (!c.isFirstParty()) {
                return false;
            }
            sig = hmac(sig, c.id());
        }
        return MessageDigest.isEqual(sig, signature);
    }

    public String location() {
        return location;
    }

    public byte[] identifier() {
        return identifier.clone();
    }

    public List<Caveat> caveats() {
        return caveats;
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** The V2 binary form. */
    public byte[] encode() {
        return MacaroonCodec.encodeV2(this);
    }

    /** Standard base64 with padding of the V2 binary form, as LND and Aperture send it. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(encode());
    }

    public String toHex() {
        return HexFormat.of().formatHex(encode());
    }

    /** Decodes the V2 binary form strictly. */
    public static Macaroon decode(byte[] v2) {
        return MacaroonCodec.decodeV2(v2);
    }

    /** Decodes base64 in the standard or URL alphabet, with or without padding. */
    public static Macaroon fromBase64(String text) {
        return decode(MacaroonCodec.base64(text));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Macaroon m && location.equals(m.location) && Arrays.equals(identifier, m.identifier)
                && caveats.equals(m.caveats) && Arrays.equals(signature, m.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    /** Location and caveats only: the signature is a bearer credential and never printed. */
    @Override
    public String toString() {
        return "Macaroon[location=" + location + ", caveats=" + caveats + "]";
    }

    static byte[] derive(byte[] rootKey) {
        if (rootKey == null || rootKey.length == 0) {
            throw new IllegalArgumentException("a macaroon root key cannot be empty");
        }
        return hmac(KEY_GENERATOR, rootKey);
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
