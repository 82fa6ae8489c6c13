package dev.bursar.l402.header;

import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderParsingTest {

    private static final Macaroon MAC = Macaroon.mint(bytes(1), bytes(5, 66), "lsat").withFirstPartyCaveat("services=svc:0");
    private static final String B64 = MAC.toBase64();
    private static final String INVOICE = "lnbcrt10u1pexampleinvoice";

    private static byte[] bytes(int b) {
        return bytes(b, 32);
    }

    private static byte[] bytes(int b, int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    @Test
    void parsesApertureTwoLineChallenge() {
        List<L402Challenge> c = ChallengeParser.parse(List.of(
                "LSAT macaroon=\"" + B64 + "\", invoice=\"" + INVOICE + "\"",
                "L402 macaroon=\"" + B64 + "\", invoice=\"" + INVOICE + "\""));
        assertThat(c).hasSize(2);
        assertThat(c.get(0).scheme()).isEqualTo("LSAT");
        assertThat(c.get(1).macaroon()).isEqualTo(MAC);
        assertThat(c.get(1).invoice()).isEqualTo(INVOICE);
    }

    @Test
    void parsesTheVariantsOtherServersSend() {
        assertThat(ChallengeParser.parse(List.of("l402 token=" + B64 + ", invoice=" + INVOICE)).get(0).macaroon()).isEqualTo(MAC);
        assertThat(ChallengeParser.parse(List.of("L402 version=\"0\", token=\"" + B64 + "\", invoice=\"" + INVOICE + "\"")).get(0).invoice()).isEqualTo(INVOICE);
        assertThat(ChallengeParser.parse(List.of("L402 macaroon='" + B64 + "', invoice='" + INVOICE + "'"))).hasSize(1);
        List<L402Challenge> mixed = ChallengeParser.parse(List.of(
                "Basic realm=\"api\", LSAT macaroon=\"" + B64 + "\", invoice=\"" + INVOICE + "\", Payment id=\"x\", method=\"lightning\""));
        assertThat(mixed).hasSize(1);
        assertThat(mixed.get(0).scheme()).isEqualTo("LSAT");
        assertThat(ChallengeParser.parse(List.of("Bearer realm=\"x\""))).isEmpty();
    }

    @Test
    void aMalformedL402ChallengeIsAnError() {
        assertThatThrownBy(() -> ChallengeParser.parse(List.of("L402 invoice=\"" + INVOICE + "\"")))
                .isInstanceOf(MacaroonFormatException.class).hasMessageContaining("without a macaroon");
        assertThatThrownBy(() -> ChallengeParser.parse(List.of("L402 macaroon=\"" + B64 + "\"")))
                .isInstanceOf(MacaroonFormatException.class).hasMessageContaining("without an invoice");
        assertThatThrownBy(() -> ChallengeParser.parse(List.of("L402 macaroon=\"%%%\", invoice=\"x\"")))
                .isInstanceOf(MacaroonFormatException.class);
        assertThatThrownBy(() -> ChallengeParser.parse(List.of("L402 macaroon=\"" + B64)))
                .isInstanceOf(MacaroonFormatException.class).hasMessageContaining("unterminated");
    }

    @Test
    void authorizationRoundTripsAndCopiesOfOneCredentialAreAccepted() {
        L402Authorization auth = new L402Authorization(MAC, bytes(2));
        assertThat(auth.headerValue()).isEqualTo("L402 " + B64 + ":" + "02".repeat(32));
        assertThat(L402Authorization.fromHeaders(List.of(auth.headerValue()))).isEqualTo(auth);
        String legacy = "LSAT " + B64 + ":" + "02".repeat(32);
        assertThat(L402Authorization.fromHeaders(List.of("Bearer abc", legacy, auth.headerValue()))).isEqualTo(auth);
        assertThat(L402Authorization.fromHeaders(List.of(legacy + ", " + auth.headerValue()))).as("joined by a proxy").isEqualTo(auth);
        assertThat(L402Authorization.fromHeaders(List.of("Bearer abc"))).isNull();
        assertThat(L402Authorization.otherSchemes(List.of("Bearer abc", legacy))).containsExactly("BEARER");
        assertThat(auth.toString()).doesNotContain("02".repeat(32)).doesNotContain(B64);
    }

    @Test
    void twoDifferentL402CredentialsAreRefusedNotGuessedBetween() {
        String paid = "L402 " + B64 + ":" + "02".repeat(32);
        String other = "LSAT " + B64 + ":" + "03".repeat(32);
        assertThatThrownBy(() -> L402Authorization.fromHeaders(List.of(paid, other)))
                .isInstanceOf(MacaroonFormatException.class).hasMessageContaining("conflicting L402 Authorization headers")
                .hasMessageNotContaining(B64).hasMessageNotContaining("03".repeat(32));
    }

    @Test
    void rejectsMalformedAuthorization() {
        assertThatThrownBy(() -> L402Authorization.fromHeaders(List.of("L402 " + B64)))
                .isInstanceOf(MacaroonFormatException.class).hasMessageContaining("expected 'L402");
        assertThatThrownBy(() -> L402Authorization.fromHeaders(List.of("L402 " + B64 + ":abcd")))
                .isInstanceOf(MacaroonFormatException.class).hasMessageContaining("64 hex");
        assertThatThrownBy(() -> L402Authorization.fromHeaders(List.of("L402 " + B64 + ":" + "zz".repeat(32))))
                .isInstanceOf(MacaroonFormatException.class);
    }
}
