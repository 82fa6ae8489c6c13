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
    void unpaidChallengesArePrunedWhilePaidTokensLiveOutTheirValidity() throws Exception {
        byte[] paidPreimage = preimage(7);
        L402Authority seller = new L402Authority(new FileRootKeyStore(dir.resolve("keys")), Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(30));
        Macaroon paid = seller.mint(QUOTES, L402Authority.sha256(paidPreimage), List.of());
        for (int i = 0; i < 50; i++) { // 402s nobody pays for
            seller.mint(QUOTES, L402Authority.sha256(preimage(100 + i)), List.of());
        }
        authority(NOW.plusSeconds(60)).verify(new L402Authorization(paid, paidPreimage), "quotes");
        assertThat(new FileRootKeyStore(dir.resolve("keys")).size()).isEqualTo(51);

        // 50 minutes later the unpaid challenges are gone, after a restart; the paid token still verifies within its hour
        L402Authority later = new L402Authority(new FileRootKeyStore(dir.resolve("keys")),
                Clock.fixed(NOW.plusSeconds(3000), ZoneOffset.UTC), Duration.ofMinutes(30));
        assertThat(later.prune()).isEqualTo(50);
        assertThat(later.verify(new L402Authorization(paid, paidPreimage), "quotes").service()).isEqualTo("quotes");
        long linesAfterPrune = java.nio.file.Files.readAllLines(dir.resolve("keys")).size();
        assertThat(linesAfterPrune).isLessThanOrEqualTo(2);

        // past its validity the paid token's key goes as well
        L402Authority expired = new L402Authority(new FileRootKeyStore(dir.resolve("keys")),
                Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC), Duration.ofMinutes(30));
        assertThat(expired.prune()).isEqualTo(1);
        assertThat(new FileRootKeyStore(dir.resolve("keys")).size()).isZero();
    }

    @Test
    void mintingPrunesOnItsOwnAndKeepsTheFileBounded() throws Exception {
        Instant t = NOW;
        for (int round = 0; round < 5; round++, t = t.plusSeconds(120)) {
            L402Authority authority = new L402Authority(new FileRootKeyStore(dir.resolve("keys")), Clock.fixed(t, ZoneOffset.UTC),
                    Duration.ofSeconds(60));
            for (int i = 0; i < 300; i++) {
                authority.mint(QUOTES, L402Authority.sha256(preimage(i % 120)), List.of());
            }
        }
        // only the last round's challenges are inside their grace period
        assertThat(new FileRootKeyStore(dir.resolve("keys")).size()).isEqualTo(300);
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("keys")).size()).isLessThan(1300);
    }

    @Test
    void aLineTornByACrashIsDroppedAndTheNextKeyStillSurvivesARestart() throws Exception {
        byte[] first = preimage(7);
        Macaroon kept = authority(NOW).mint(QUOTES, L402Authority.sha256(first), List.of());
        java.nio.file.Files.writeString(dir.resolve("keys"), "K 0123abcd", java.nio.file.StandardOpenOption.APPEND); // no newline
        byte[] second = preimage(8);
        Macaroon after = authority(NOW).mint(QUOTES, L402Authority.sha256(second), List.of());
        assertThat(authority(NOW).verify(new L402Authorization(kept, first), "quotes").service()).isEqualTo("quotes");
        assertThat(authority(NOW).verify(new L402Authorization(after, second), "quotes").service()).isEqualTo("quotes");
    }

    @Test
    void readsTheFirstStoreFormatAndKeepsItsKeys() throws Exception {
        byte[] preimage = preimage(7);
        FileRootKeyStore store = new FileRootKeyStore(dir.resolve("keys"));
        Macaroon m = new L402Authority(store, Clock.fixed(NOW, ZoneOffset.UTC)).mint(
                new PricedService("quotes", 0, List.of(), 10, Duration.ZERO), L402Authority.sha256(preimage), List.of());
        String k = java.util.HexFormat.of().formatHex(dev.bursar.l402.macaroon.L402Identifier.decode(m.identifier()).storageKey());
        String root = java.util.HexFormat.of().formatHex(store.get(dev.bursar.l402.macaroon.L402Identifier.decode(m.identifier()).storageKey()).orElseThrow());
        java.nio.file.Files.writeString(dir.resolve("keys"), k + " " + root + "\n");
        L402Authority reopened = new L402Authority(new FileRootKeyStore(dir.resolve("keys")),
                Clock.fixed(NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC));
        assertThat(reopened.prune()).isZero();
        assertThat(reopened.verify(new L402Authorization(m, preimage), "quotes").service()).isEqualTo("quotes");
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
