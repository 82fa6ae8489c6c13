package dev.bursar.l402.server;

import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.macaroon.Macaroon;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seller's gate on credentials as real clients send them. Every case here is decided without an invoice: a
 * credential that is wrong answers 401 and never costs the seller an AddInvoice (402 paths run against LND in the
 * ITs).
 */
class L402GateTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final PricedService QUOTES = new PricedService("quotes", 0, List.of("read"), 10, Duration.ofHours(1));
    private static final InvoiceIssuer NO_INVOICES = (sats, memo) -> {
        throw new AssertionError("a rejected or accepted credential must not issue an invoice");
    };

    @TempDir
    Path dir;

    private L402Authority authority;
    private L402Gate gate;
    private final byte[] preimage = filled(7);
    private Macaroon macaroon;

    private static byte[] filled(int b) {
        byte[] p = new byte[32];
        Arrays.fill(p, (byte) b);
        return p;
    }

    @BeforeEach
    void mint() {
        authority = new L402Authority(new FileRootKeyStore(dir.resolve("keys")), Clock.fixed(NOW, ZoneOffset.UTC));
        gate = new L402Gate(authority, NO_INVOICES);
        macaroon = authority.mint(QUOTES, L402Authority.sha256(preimage), List.of());
    }

    private L402Gate.Decision check(String service, String... authorization) {
        PricedService s = service.equals("quotes") ? QUOTES : new PricedService(service, 0, List.of(), 10, Duration.ZERO);
        return gate.check(s, () -> {
            throw new AssertionError("the price hook runs only for a fresh challenge");
        }, List.of(authorization));
    }

    private static String header(String scheme, Macaroon m, String preimageHex) {
        return scheme + " " + m.toBase64() + ":" + preimageHex;
    }

    private static String rejection(L402Gate.Decision d) {
        assertThat(d).isInstanceOf(L402Gate.Decision.Reject.class);
        return ((L402Gate.Decision.Reject) d).message();
    }

    /** A clock the test moves forward. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRepeatedCredentialIsStillRefusedOnceRevokedOrExpired() {
        MovingClock clock = new MovingClock(NOW);
        L402Authority moving = new L402Authority(new FileRootKeyStore(dir.resolve("moving")), clock);
        L402Gate cached = new L402Gate(moving, NO_INVOICES);
        Macaroon m = moving.mint(QUOTES, L402Authority.sha256(preimage), List.of());
        java.util.function.LongSupplier freshChallenge = () -> {
            throw new IllegalStateException("fresh challenge asked for");
        };
        List<String> auth = List.of(header("L402", m, "07".repeat(32)));
        assertThat(cached.check(QUOTES, freshChallenge, auth)).isInstanceOf(L402Gate.Decision.Pass.class);
        assertThat(cached.check(QUOTES, freshChallenge, auth)).as("the repeat, served from the cache").isInstanceOf(L402Gate.Decision.Pass.class);
        assertThat(rejection(cached.check(new PricedService("weather", 0, List.of(), 10, Duration.ZERO), freshChallenge, auth)))
                .as("the cache is per service").contains("not for service weather");

        clock.now = NOW.plus(Duration.ofHours(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cached.check(QUOTES, freshChallenge, auth))
                .as("expired: the gate goes for a new challenge").hasMessage("fresh challenge asked for");

        clock.now = NOW;
        assertThat(cached.check(QUOTES, freshChallenge, auth)).isInstanceOf(L402Gate.Decision.Pass.class);
        moving.revoke(m);
        assertThat(rejection(cached.check(QUOTES, freshChallenge, auth))).contains("revoked");
    }

    @Test
    void acceptsTheApertureGoClientsPaidMacaroonSentAsLsatThenL402() {
        String hex = "07".repeat(32);
        Macaroon paid = macaroon.withFirstPartyCaveat("preimage=" + hex);
        L402Gate.Decision d = check("quotes", header("LSAT", paid, hex), header("L402", paid, hex));
        assertThat(d).isInstanceOfSatisfying(L402Gate.Decision.Pass.class,
                p -> assertThat(p.token().capabilities()).containsExactly("read"));
        assertThat(check("quotes", header("LSAT", paid, hex) + ", " + header("L402", paid, hex)))
                .as("both lines joined into one by a proxy").isInstanceOf(L402Gate.Decision.Pass.class);
        assertThat(check("quotes", header("L402", macaroon, hex))).as("the plain macaroon, as Alby sends it")
                .isInstanceOf(L402Gate.Decision.Pass.class);
    }

    @Test
    void aPreimageCaveatNamingAnotherPreimageIsRefused() {
        Macaroon grafted = macaroon.withFirstPartyCaveat("preimage=" + "08".repeat(32));
        assertThat(rejection(check("quotes", header("L402", grafted, "07".repeat(32)))))
                .isEqualTo("the macaroon's preimage caveat does not match the preimage after the colon");
    }

    @Test
    void aTamperedCaveatIsRefused() {
        String encoded = new String(macaroon.encode(), StandardCharsets.ISO_8859_1).replace("quotes_capabilities=read", "quotes_capabilities=rite");
        Macaroon tampered = Macaroon.decode(encoded.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(rejection(check("quotes", header("L402", tampered, "07".repeat(32)))))
                .contains("signature is invalid");
    }

    @Test
    void aWrongPreimageIsRefused() {
        assertThat(rejection(check("quotes", header("L402", macaroon, "09".repeat(32)))))
                .isEqualTo("the preimage does not match the macaroon's payment hash");
    }

    @Test
    void aTokenReplayedAgainstAnotherServiceIsRefused() {
        assertThat(rejection(check("weather", header("L402", macaroon, "07".repeat(32)))))
                .isEqualTo("this L402 token is for quotes:0, not for service weather");
    }

    @Test
    void conflictingAuthorizationHeadersAreRefused() {
        Macaroon other = authority.mint(QUOTES, L402Authority.sha256(filled(9)), List.of());
        String message = rejection(check("quotes", header("L402", macaroon, "07".repeat(32)), header("L402", other, "09".repeat(32))));
        assertThat(message).startsWith("conflicting L402 Authorization headers");
    }

    @Test
    void malformedAuthorizationIsRefusedWithoutEchoingIt() {
        String b64 = macaroon.toBase64();
        assertThat(rejection(check("quotes", "L402 " + b64))).contains("expected 'L402 <base64 macaroon>:<64 hex preimage>'");
        assertThat(rejection(check("quotes", "L402 " + b64 + ":" + "07".repeat(31)))).contains("must be 64 hex digits, got 62");
        assertThat(rejection(check("quotes", "L402 " + b64.substring(4) + ":" + "07".repeat(32)))).contains("macaroon");
        String notMacaroon = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(rejection(check("quotes", "LSAT " + notMacaroon + ":" + "07".repeat(32)))).contains("macaroon version");
        for (String bad : List.of("L402 " + b64, "L402 " + b64 + ":" + "07".repeat(31))) {
            assertThat(rejection(check("quotes", bad))).doesNotContain(b64).doesNotContain("0707070707");
        }
    }

    @Test
    void aRevokedTokenIsRefused() {
        L402Authorization auth = new L402Authorization(macaroon, preimage);
        authority.revoke(macaroon);
        String message = rejection(check("quotes", auth.headerValue()));
        assertThat(message).isEqualTo("unknown or revoked L402 token");
    }

    @Test
    void aSellerWhoseNodeCannotIssueInvoicesAnswers503WithoutItsInternals() {
        L402Gate down = new L402Gate(authority, (sats, memo) -> {
            throw new IllegalStateException("LND at 127.0.0.1:10009 refused AddInvoice");
        });
        L402Gate.Decision d = down.check(QUOTES, 10, List.of());
        assertThat(d).isEqualTo(new L402Gate.Decision.Unavailable("cannot issue an invoice for quotes right now; try again later"));
    }

    @Test
    void capabilityCaveatsThatShareNothingGrantNoAccess() {
        String hex = "07".repeat(32);
        Macaroon narrowed = macaroon.withFirstPartyCaveat("quotes_capabilities=write");
        assertThat(rejection(check("quotes", header("L402", narrowed, hex)))).contains("grant nothing in common: no access");
        Macaroon kept = macaroon.withFirstPartyCaveat("quotes_capabilities=read,write");
        assertThat(check("quotes", header("L402", kept, hex))).isInstanceOfSatisfying(L402Gate.Decision.Pass.class,
                p -> assertThat(p.token().capabilities()).as("an appended caveat only narrows").containsExactly("read"));
    }

    @Test
    void aCaveatTheServerCannotCheckIsRefused() {
        String hex = "07".repeat(32);
        for (String caveat : List.of("admin=true", "quotes_max_calls=1000", "weather_capabilities=all", "no equals sign")) {
            assertThat(rejection(check("quotes", header("L402", macaroon.withFirstPartyCaveat(caveat), hex))))
                    .as(caveat).contains("a caveat this server cannot check");
        }
        Macaroon bothServices = authority.mint(QUOTES, L402Authority.sha256(filled(9)), List.of())
                .withFirstPartyCaveat("services=quotes:0,weather:0");
        assertThat(rejection(check("quotes", header("L402", bothServices.withFirstPartyCaveat("weather_capabilities=all"), "09".repeat(32)))))
                .as("a caveat for another service is only that service's to check when every services caveat names it")
                .contains("cannot check");
    }

    @Test
    void aTokenForALowerTierIsAskedToPayAndAnAppendedServicesCaveatCannotRaiseIt() {
        PricedService gold = new PricedService("quotes", 1, List.of("read"), 10, Duration.ofHours(1));
        L402Gate down = new L402Gate(authority, (sats, memo) -> {
            throw new IllegalStateException("node down");
        });
        String hex = "07".repeat(32);
        Macaroon raised = macaroon.withFirstPartyCaveat("services=quotes:1");
        for (Macaroon m : List.of(macaroon, raised)) {
            assertThat(down.check(gold, () -> 10, List.of(header("L402", m, hex))))
                    .as("asked to pay for tier 1: with the seller's node down, that is a 503, never a pass")
                    .isInstanceOf(L402Gate.Decision.Unavailable.class);
        }
    }

    @Test
    void aTokenBoughtForACheapResourceNeverOpensADearOneEvenFromTheCache() {
        L402Gate down = new L402Gate(authority, (sats, memo) -> {
            throw new IllegalStateException("node down");
        });
        PricedService reports = new PricedService("reports", 0, List.of(), 5, Duration.ofHours(1));
        L402Purchase monthly = new L402Purchase(reports, 5, "/api/reports/monthly", java.util.Optional.empty(), "buyer");
        L402Purchase annual = new L402Purchase(reports, 50, "/api/reports/annual", java.util.Optional.of("^/api/reports/annual$"), "buyer");
        Macaroon cheap = authority.mint(monthly, L402Authority.sha256(preimage), List.of());
        List<String> auth = List.of(header("L402", cheap, "07".repeat(32)));
        assertThat(down.check(monthly, () -> 5, auth)).isInstanceOf(L402Gate.Decision.Pass.class);
        assertThat(down.check(annual, () -> 50, auth)).as("a 5-sat token at a 50-sat path, after a cached pass")
                .isInstanceOf(L402Gate.Decision.Unavailable.class);
        assertThat(new L402Gate(authority, NO_INVOICES).check(new L402Purchase(reports, 5, "/api/reports/weekly", java.util.Optional.empty(), "buyer"),
                () -> 5, auth)).isInstanceOf(L402Gate.Decision.Pass.class);

        Macaroon dear = authority.mint(annual, L402Authority.sha256(filled(9)), List.of());
        List<String> dearAuth = List.of(header("L402", dear, "09".repeat(32)));
        assertThat(down.check(annual, () -> 50, dearAuth)).isInstanceOf(L402Gate.Decision.Pass.class);
        assertThat(down.check(new L402Purchase(reports, 5, "/api/reports/monthly", java.util.Optional.empty(), "buyer"), () -> 5, dearAuth))
                .as("a token sold under a path rule opens only that rule's paths").isInstanceOf(L402Gate.Decision.Unavailable.class);
        Macaroon cheaper = dear.withFirstPartyCaveat("reports_price_sats=500");
        assertThat(new L402Gate(authority, NO_INVOICES).check(annual, () -> 50, List.of(header("L402", cheaper, "09".repeat(32)))))
                .as("an appended price caveat can only lower it").isInstanceOfSatisfying(L402Gate.Decision.Pass.class,
                        p -> assertThat(p.token().maxPriceSats()).hasValue(50));
    }

    @Test
    void aPathCaveatAHolderAppendsIsComparedNeverRunSoItCostsTheSellerNothing() {
        PricedService reports = new PricedService("reports", 0, List.of(), 5, Duration.ofHours(1));
        String evilPath = "/api/reports/" + "a".repeat(40) + "!";
        L402Purchase priced = new L402Purchase(reports, 50, evilPath, java.util.Optional.of("^/api/reports/.*$"), "buyer");
        Macaroon bought = authority.mint(priced, L402Authority.sha256(filled(9)), List.of());
        Macaroon appended = bought.withFirstPartyCaveat("reports_path=^/api/reports/(a+)+$");
        L402Gate.Decision decision = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new L402Gate(authority, (sats, memo) -> {
                    throw new IllegalStateException("node down");
                }).check(priced, () -> 50, List.of(header("L402", appended, "09".repeat(32)))),
                "a catastrophic regex appended by the holder must never be run by the seller");
        assertThat(decision).as("an appended rule the seller never sold narrows the token to nothing")
                .isNotInstanceOf(L402Gate.Decision.Pass.class);
        assertThat(new L402Gate(authority, NO_INVOICES).check(priced, () -> 50, List.of(header("L402", bought, "09".repeat(32)))))
                .isInstanceOf(L402Gate.Decision.Pass.class);
    }
}
