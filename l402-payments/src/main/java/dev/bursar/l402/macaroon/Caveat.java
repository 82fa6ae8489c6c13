package dev.bursar.l402.macaroon;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One caveat of a macaroon: a first-party predicate such as {@code services=svc:0}, or a third-party caveat with a
 * verification id and a location. Byte arrays are copied in and out.
 */
public final class Caveat {

    private final byte[] id;
    private final byte[] verificationId;
    private final String location;

    Caveat(byte[] id, byte[] verificationId, String location) {
        this.id = id.clone();
        this.verificationId = verificationId == null ? null : verificationId.clone();
        this.location = location == null ? "" : location;
    }

    /** A first-party caveat whose predicate is {@code condition}, such as {@code services=svc:0}. */
    public static Caveat firstParty(String condition) {
        return new Caveat(condition.getBytes(StandardCharsets.UTF_8), null, null);
    }

    public byte[] id() {
        return id.clone();
    }

    public boolean isFirstParty() {
        return verificationId == null;
    }

    public Optional<byte[]> verificationId() {
        return Optional.ofNullable(verificationId).map(byte[]::clone);
    }

    public String location() {
        return location;
    }

    /** The predicate as text (first-party caveats are UTF-8 by convention). */
    public String condition() {
        return new String(id, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Caveat c && Arrays.equals(id, c.id) && Arrays.equals(verificationId, c.verificationId)
                && location.equals(c.location);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id) * 31 + Arrays.hashCode(verificationId);
    }

    @Override
    public String toString() {
        return isFirstParty() ? condition() : "third-party caveat at " + location + " id " + HexFormat.of().formatHex(id);
    }
}
