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
                "services=quotes:0", "quotes_capabilities=read", "quotes_price_sats=10", "quotes_valid_until=" + NOW.plusSeconds(3600).getEpochSecond());
        VerifiedToken token = authority(NOW.plusSeconds(60)).verify(new L402Authorization(m, preimage), QUOTES);
        assertThat(token.capabilities()).containsExactly("read");
    }

    @Test
    void aFloodOfUnpaidChallengesStoresOneKeyPerServiceAndPaidTokensSurviveARestart() throws Exception {
        byte[] paidPreimage = preimage(7);
        L402Authority seller = authority(NOW);
        Macaroon paid = seller.mint(QUOTES, L402Authority.sha256(paidPreimage), List.of());
        PricedService weather = new PricedService("weather", 0, List.of(), 5, Duration.ZERO);
        for (int i = 0; i < 1_000; i++) { // 402s nobody pays for
            seller.mint(QUOTES, L402Authority.sha256(preimage(100 + i % 100)), List.of());
            seller.mint(weather, L402Authority.sha256(preimage(100 + i % 100)), List.of());
        }
        assertThat(new FileRootKeyStore(dir.resolve("keys")).size()).as("one root key per service, none per challenge").isEqualTo(2);
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("keys"))).hasSizeLessThanOrEqualTo(4);
        assertThat(authority(NOW.plusSeconds(60)).verify(new L402Authorization(paid, paidPreimage), QUOTES).service()).isEqualTo("quotes");
    }

    @Test
    void aRevocationSurvivesARestartAndIsForgottenOnceTheTokenHasExpired() {
        byte[] preimage = preimage(7);
        Macaroon m = authority(NOW).mint(QUOTES, L402Authority.sha256(preimage), List.of());
        assertThat(authority(NOW).revoke(m)).isTrue();
        assertThat(authority(NOW).revoke(m)).as("already revoked").isFalse();
        assertThatThrownBy(() -> authority(NOW.plusSeconds(10)).verify(new L402Authorization(m, preimage), QUOTES))
                .hasMessage("unknown or revoked L402 token");
        authority(NOW.plusSeconds(3600)).prune();
        assertThat(java.nio.file.Files.exists(dir.resolve("keys"))).isTrue();
        assertThatThrownBy(() -> authority(NOW.plusSeconds(3600)).verify(new L402Authorization(m, preimage), QUOTES))
                .as("once forgotten, the token's own expiry still refuses it").hasMessageContaining("expired");
    }

    @Test
    void aLineTornByACrashIsDroppedAndTheNextKeyStillSurvivesARestart() throws Exception {
        byte[] first = preimage(7);
        Macaroon kept = authority(NOW).mint(QUOTES, L402Authority.sha256(first), List.of());
        java.nio.file.Files.writeString(dir.resolve("keys"), "K 0123abcd", java.nio.file.StandardOpenOption.APPEND); // no newline
        byte[] second = preimage(8);
        Macaroon after = authority(NOW).mint(QUOTES, L402Authority.sha256(second), List.of());
        assertThat(authority(NOW).verify(new L402Authorization(kept, first), QUOTES).service()).isEqualTo("quotes");
        assertThat(authority(NOW).verify(new L402Authorization(after, second), QUOTES).service()).isEqualTo("quotes");
    }

    @Test
    void aTokenOfTheFirstStoreFormatNamesNoPriceSoItIsBoughtAgain() throws Exception {
        byte[] preimage = preimage(7);
        byte[] rootKey = preimage(3);
        var id = new dev.bursar.l402.macaroon.L402Identifier(L402Authority.sha256(preimage), preimage(4));
        Macaroon old = Macaroon.mint(rootKey, id.encode(), "lsat").withFirstPartyCaveat("services=quotes:0")
                .withFirstPartyCaveat("quotes_capabilities=read");
        java.util.HexFormat hex = java.util.HexFormat.of();
        java.nio.file.Files.writeString(dir.resolve("keys"), hex.formatHex(id.storageKey()) + " " + hex.formatHex(rootKey) + "\n");
        L402Authority reopened = new L402Authority(new FileRootKeyStore(dir.resolve("keys")),
                Clock.fixed(NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC));
        assertThat(reopened.prune()).isZero();
        assertThatThrownBy(() -> reopened.verify(new L402Authorization(old, preimage), QUOTES))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(402))
                .hasMessageContaining("names no price");
    }

    @Test
    void acceptsTheGoClientsPaidMacaroonWithAPreimageCaveat() {
        byte[] preimage = preimage(7);
        Macaroon m = authority(NOW).mint(QUOTES, L402Authority.sha256(preimage), List.of());
        Macaroon paid = m.withFirstPartyCaveat("preimage=" + "07".repeat(32));
        assertThat(authority(NOW).verify(new L402Authorization(paid, preimage), QUOTES).service()).isEqualTo("quotes");
    }

    @Test
    void rejectsEachWrongCredentialWithItsStatus() {
        L402Authority authority = authority(NOW);
        byte[] preimage = preimage(7);
        Macaroon m = authority.mint(QUOTES, L402Authority.sha256(preimage), List.of());

        assertThatThrownBy(() -> authority.verify(new L402Authorization(m, preimage(8)), QUOTES))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(401)).hasMessageContaining("preimage");
        assertThatThrownBy(() -> authority.verify(new L402Authorization(m, preimage), new PricedService("weather", 0, List.of(), 10, Duration.ZERO)))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(401)).hasMessageContaining("not for service weather");
        Macaroon stretched = Macaroon.decode(tamper(m.encode(), "quotes_valid_until="));
        assertThatThrownBy(() -> authority.verify(new L402Authorization(stretched, preimage), QUOTES))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(401)).hasMessageContaining("signature");
        assertThatThrownBy(() -> authority(NOW.plusSeconds(3601)).verify(new L402Authorization(m, preimage), QUOTES))
                .isInstanceOfSatisfying(L402Rejection.class, r -> assertThat(r.status()).isEqualTo(402)).hasMessageContaining("expired");
        assertThat(authority.revoke(m)).isTrue();
        assertThatThrownBy(() -> authority.verify(new L402Authorization(m, preimage), QUOTES))
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
