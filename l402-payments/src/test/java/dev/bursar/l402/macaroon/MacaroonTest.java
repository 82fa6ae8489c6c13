package dev.bursar.l402.macaroon;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Byte-for-byte compatibility with Go's gopkg.in/macaroon.v2 as LND and Aperture use it, on published vectors
 * (../shared/notes/l402-x402.md §1.7).
 */
class MacaroonTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] repeat(int b, int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    /** L-1, vector 1 of the Go macaroon.v2 vectors: no location, no caveats, 66-byte binary id. */
    @Test
    void reproducesGoVectorOne() {
        byte[] id = HEX.parseHex("0000" + "aa".repeat(32) + "bb".repeat(32));
        Macaroon m = Macaroon.mint(repeat(1, 32), id, "");
        assertThat(HEX.formatHex(m.signature())).isEqualTo("1790bc6dc1964456355926bd4863e204d96b42629e94087abc906f85e91ccf93");
        assertThat(m.toBase64()).isEqualTo("AgJCAACqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqru7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7AAAGIBeQvG3BlkRWNVkmvUhj4gTZa0JinpQIeryQb4XpHM+T");
        assertThat(Macaroon.fromBase64(m.toBase64())).isEqualTo(m);
        assertThat(m.hasValidSignature(repeat(1, 32))).isTrue();
    }

    /** L-2: an Aperture-shaped macaroon (location lsat, its three caveats) and its Authorization header. */
    @Test
    void reproducesTheApertureShapedVector() {
        byte[] preimage = repeat(2, 32);
        L402Identifier id = new L402Identifier(sha256(preimage), repeat(3, 32));
        assertThat(id.paymentHashHex()).isEqualTo("75877bb41d393b5fb8455ce60ecd8dda001d06316496b14dfa7f895656eeca4a");
        assertThat(HEX.formatHex(id.storageKey())).isEqualTo("002b3039613d2b94bb1a864563058d8521305f8b73c986ef1d100c9914a72559");

        Macaroon m = Macaroon.mint(repeat(1, 32), id.encode(), "lsat")
                .withFirstPartyCaveat("services=svc:0")
                .withFirstPartyCaveat("svc_capabilities=")
                .withFirstPartyCaveat("svc_valid_until=1900000000");

        assertThat(HEX.formatHex(m.signature())).isEqualTo("03d956c28f8ac57a0eb440d04020ef67b4ac475695b38c5586aa13e8716a2c12");
        assertThat(m.toBase64()).isEqualTo("AgEEbHNhdAJCAAB1h3u0HTk7X7hFXOYOzY3aAB0GMWSWsU36f4lWVu7KSgMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAAIOc2VydmljZXM9c3ZjOjAAAhFzdmNfY2FwYWJpbGl0aWVzPQACGnN2Y192YWxpZF91bnRpbD0xOTAwMDAwMDAwAAAGIAPZVsKPisV6DrRA0EAg72e0rEdWlbOMVYaqE+hxaiwS");
        // 14 characters are fixed by version, location "lsat" and the id header; the 15th already depends on the hash.
        assertThat(m.toBase64()).startsWith("AgEEbHNhdAJCAA");
    }

    /** L-3: a real-looking Aperture macaroon from Alby's tests parses; its hash is the invoice's. */
    @Test
    void parsesAlbysApertureMacaroon() {
        String b64 = "AgEEbHNhdAJCAAAClGOZrh7C569Yc7UMk8merfnMdIviyXr1qscW7VgpChNl21LkZ8Jex5QiPp+E1VaabeJDuWmlrh/j583axFpNAAIXc2VydmljZXM9cmFuZG9tbnVtYmVyOjAAAiZyYW5kb21udW1iZXJfY2FwYWJpbGl0aZVzPWFkZCxzdWJ0cmFjdAAABiAvFpzXGyc+8d/I9nMKKvAYP8w7kUlhuxS0eFN2sqmqHQ==";
        Macaroon m = Macaroon.fromBase64(b64);
        assertThat(m.location()).isEqualTo("lsat");
        assertThat(m.caveats()).hasSize(2);
        assertThat(m.caveats().get(0).condition()).isEqualTo("services=randomnumber:0");
        assertThat(L402Identifier.decode(m.identifier()).paymentHashHex())
                .isEqualTo("02946399ae1ec2e7af5873b50c93c99eadf9cc748be2c97af5aac716ed58290a");
        assertThat(m.toBase64()).as("re-encodes byte for byte, even a caveat with a non-UTF-8 byte").isEqualTo(b64);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getDecoder().decode(b64));
        assertThat(Macaroon.fromBase64(url)).isEqualTo(m);
    }

    @Test
    void anyTamperingBreaksTheSignature() {
        byte[] root = repeat(7, 32);
        Macaroon m = Macaroon.mint(root, new L402Identifier(repeat(9, 32), repeat(8, 32)).encode(), "lsat")
                .withFirstPartyCaveat("services=svc:0");
        assertThat(m.hasValidSignature(root)).isTrue();
        assertThat(m.hasValidSignature(repeat(6, 32))).isFalse();

        byte[] bytes = m.encode();
        int caveatAt = indexOf(bytes, "svc:0".getBytes());
        bytes[caveatAt + 4] = '1';
        assertThat(Macaroon.decode(bytes).hasValidSignature(root)).as("services=svc:1 instead of svc:0").isFalse();

        Macaroon attenuated = m.withFirstPartyCaveat("preimage=" + "ab".repeat(32));
        assertThat(attenuated.hasValidSignature(root)).as("a client-added caveat keeps the chain valid").isTrue();
    }

    @Test
    void rejectsMalformedMacaroonsClearly() {
        assertThatThrownBy(() -> Macaroon.fromBase64("not base64!!")).isInstanceOf(MacaroonFormatException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> Macaroon.decode(new byte[] {1, 2, 3})).isInstanceOf(MacaroonFormatException.class).hasMessageContaining("version 1");
        byte[] valid = Macaroon.mint(repeat(1, 32), repeat(5, 66), "lsat").encode();
        assertThatThrownBy(() -> Macaroon.decode(Arrays.copyOf(valid, valid.length - 3))).isInstanceOf(MacaroonFormatException.class);
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> Macaroon.decode(trailing)).isInstanceOf(MacaroonFormatException.class).hasMessageContaining("after the signature");
        assertThatThrownBy(() -> L402Identifier.decode(repeat(0, 65))).isInstanceOf(MacaroonFormatException.class).hasMessageContaining("66");
        byte[] v1 = new L402Identifier(repeat(1, 32), repeat(2, 32)).encode();
        v1[1] = 1;
        assertThatThrownBy(() -> L402Identifier.decode(v1)).isInstanceOf(MacaroonFormatException.class).hasMessageContaining("version 1");
    }

    @Test
    void neverPrintsTheSignature() {
        Macaroon m = Macaroon.mint(repeat(1, 32), repeat(5, 66), "lsat").withFirstPartyCaveat("services=svc:0");
        assertThat(m.toString()).contains("services=svc:0").doesNotContain(HEX.formatHex(m.signature()))
                .doesNotContain(Base64.getEncoder().encodeToString(m.signature()));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
