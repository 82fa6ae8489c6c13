package dev.bursar.l402.server;

import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.macaroon.Macaroon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class L402AuthorityTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final PricedService QUOTES = new PricedService("quotes", 0, List.of("read"), 10, Duration.ofHours(1));

    @TempDir
    Path dir;

    private static byte[] preimage(int b) {
        byte[] p = new byte[32];
        Arrays.fill(p, (byte) b);
        return p;
    }

    private L402Authority authority(Instant now) {
        return new L402Authority(new FileRootKeyStore(dir.resolve("keys")), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aPaidTokenVerifiesAndSurvivesARestart() {
        byte[] preimage = preimage(7);
        Macaroon m = authority(NOW).mint(QUOTES, L402Authority.sha256(preimage), List.of());
        assertThat(m.caveats()).extracting(c -> c.condition()).containsExactly(
                "services=quotes:0", "quotes_capabilities=read", "quotes_valid_until=" + NOW.plusSeconds(3600).getEpochSecond());
        VerifiedToken token = authority(NOW.plusSeconds(60)).verify(new L402Authorization(m, preimage), "quotes");
        assertThat(token.capabilities()).containsExactly("read");
    }

    @Test
    void acceptsTheGoClientsPaidMacaroonWithAPreimageCaveat() {
        byte[] preimage = preimage(7);
        Macaroon m = authority(NOW).mint(QUOTES, L402Authority.sha256(preimage), List.of());
        Macaroon paid = m.withFirstPartyCaveat("preimage=" + "07".repeat(32));
        assertThat(authority(NOW).verify(new L402Authorization(paid, preimage), "quotes").service()).isEqualTo("quotes");
    }

    @Test
    void rejectsEachWrongCredentialWithItsStatus() {
        L402Authority authority = authority(NOW);
        byte[] preimage = preimage(7);
        Macaroon m = authority.mint(QUOTES, L402Authority.sha256(preimage), List.of());

        assertThatThrownBy(() -> authority.verify(new L402Authorization(m, preimage(8)), "quotes"))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(401)).hasMessageContaining("preimage");
        assertThatThrownBy(() -> authority.verify(new L402Authorization(m, preimage), "weather"))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(401)).hasMessageContaining("not for service weather");
        Macaroon stretched = Macaroon.decode(tamper(m.encode(), "quotes_valid_until="));
        assertThatThrownBy(() -> authority.verify(new L402Authorization(stretched, preimage), "quotes"))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(401)).hasMessageContaining("signature");
        assertThatThrownBy(() -> authority(NOW.plusSeconds(3601)).verify(new L402Authorization(m, preimage), "quotes"))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(402)).hasMessageContaining("expired");
        assertThat(authority.revoke(m)).isTrue();
        assertThatThrownBy(() -> authority.verify(new L402Authorization(m, preimage), "quotes"))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(401)).hasMessageContaining("revoked");
    }

    @Test
    void challengeIsApertureByteForByte() {
        Macaroon m = authority(NOW).mint(QUOTES, L402Authority.sha256(preimage(1)), List.of());
        List<String> lines = L402Authority.challengeHeaders(m, "lnbcrt100n1pexample");
        assertThat(lines).containsExactly(
                "LSAT macaroon=\"" + m.toBase64() + "\", invoice=\"lnbcrt100n1pexample\"",
                "L402 macaroon=\"" + m.toBase64() + "\", invoice=\"lnbcrt100n1pexample\"");
        assertThat(lines.get(1)).matches("(LSAT|L402) macaroon=\"(.*?)\", invoice=\"(.*?)\"");
    }

    private static byte[] tamper(byte[] bytes, String from) {
        String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int i = s.indexOf(from);
        // push the expiry far out by changing its first digit, keeping the field length
        char[] chars = s.toCharArray();
        chars[i + from.length()] = chars[i + from.length()] == '9' ? '8' : '9';
        return new String(chars).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
