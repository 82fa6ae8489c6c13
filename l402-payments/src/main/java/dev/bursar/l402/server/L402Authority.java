package dev.bursar.l402.server;

import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.macaroon.Caveat;
import dev.bursar.l402.macaroon.L402Identifier;
import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Mints L402 macaroons the way Aperture does (location "lsat", identifier version 0 | payment hash | token id, a fresh
 * root key per token kept in a {@link RootKeyStore}, caveats {@code services=name:tier}, {@code name_capabilities=},
 * {@code name_valid_until=}) and verifies presented credentials: preimage, root key, HMAC chain, caveats.
 */
public final class L402Authority {

    /** The first-party caveat a paying client may add: {@code preimage=<64 hex>}. */
    public static final String PREIMAGE_CAVEAT = "preimage";

    /** How long the key of an unpaid challenge is kept by default: far beyond any invoice's expiry. */
    public static final Duration DEFAULT_UNPAID_GRACE = Duration.ofDays(1);
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private final RootKeyStore keys;
    private final Clock clock;
    private final Duration unpaidGrace;
    private final SecureRandom random = new SecureRandom();
    private Instant nextPrune;

    public L402Authority(RootKeyStore keys, Clock clock) {
        this(keys, clock, DEFAULT_UNPAID_GRACE);
    }

    /**
     * @param unpaidGrace how long a challenge's root key waits for its first paid use before it is pruned; keep it
     *                    longer than the invoices' expiry, since a buyer who pays late still expects the token to work
     */
    public L402Authority(RootKeyStore keys, Clock clock, Duration unpaidGrace) {
        if (unpaidGrace.isNegative() || unpaidGrace.isZero()) {
            throw new IllegalArgumentException("the unpaid grace period must be positive, got " + unpaidGrace);
        }
        this.keys = keys;
        this.clock = clock;
        this.unpaidGrace = unpaidGrace;
        this.nextPrune = clock.instant();
    }

    /** Mints a macaroon for {@code service}, payable by the invoice whose payment hash is {@code paymentHash}. */
    public Macaroon mint(PricedService service, byte[] paymentHash, List<String> extraCaveats) {
        byte[] tokenId = new byte[32];
        random.nextBytes(tokenId);
        L402Identifier id = new L402Identifier(paymentHash, tokenId);
        byte[] rootKey = new byte[32];
        random.nextBytes(rootKey);
        Instant now = clock.instant();
        Instant validUntil = service.validity().isZero() ? null : now.plus(service.validity());
        pruneIfDue(now);
        keys.put(id.storageKey(), rootKey, now.plus(unpaidGrace), validUntil);
        Macaroon m = Macaroon.mint(rootKey, id.encode(), "lsat")
                .withFirstPartyCaveat("services=" + service.name() + ":" + service.tier())
                .withFirstPartyCaveat(service.name() + "_capabilities=" + String.join(",", service.capabilities()));
        for (String caveat : extraCaveats) {
            m = m.withFirstPartyCaveat(caveat);
        }
        if (validUntil != null) {
            m = m.withFirstPartyCaveat(service.name() + "_valid_until=" + validUntil.getEpochSecond());
        }
        return m;
    }

    /**
     * The two challenge lines exactly as Aperture sends them (LSAT first, {@code macaroon=} then {@code invoice=}),
     * because Go clients match that form byte for byte.
     */
    public static List<String> challengeHeaders(Macaroon macaroon, String invoice) {
        String params = " macaroon=\"" + macaroon.toBase64() + "\", invoice=\"" + invoice + "\"";
        return List.of("LSAT" + params, "L402" + params);
    }

    /** Verifies {@code auth} for {@code serviceName}; throws {@link L402Rejection} with the status to answer. */
    public VerifiedToken verify(L402Authorization auth, String serviceName) {
        Macaroon m = auth.macaroon();
        L402Identifier id;
        try {
            id = L402Identifier.decode(m.identifier());
        } catch (MacaroonFormatException e) {
            throw new L402Rejection(401, "not an L402 macaroon: " + e.getMessage());
        }
        if (!MessageDigest.isEqual(sha256(auth.preimage()), id.paymentHash())) {
            throw new L402Rejection(401, "the preimage does not match the macaroon's payment hash");
        }
        byte[] rootKey = keys.get(id.storageKey())
                .orElseThrow(() -> new L402Rejection(401, "unknown or revoked L402 token"));
        if (!m.hasValidSignature(rootKey)) {
            throw new L402Rejection(401, "the macaroon's signature is invalid (tampered caveats or identifier)");
        }
        List<String> capabilities = new ArrayList<>();
        boolean servicesSeen = false;
        Instant now = clock.instant();
        Instant expiresAt = null;
        for (Caveat c : m.caveats()) {
            String condition = c.condition();
            int eq = condition.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = condition.substring(0, eq).trim();
            String value = condition.substring(eq + 1).trim();
            if (key.equals("services")) {
                servicesSeen = true;
                boolean listed = Arrays.stream(value.split(",")).map(s -> s.split(":")[0].trim()).anyMatch(serviceName::equals);
                if (!listed) {
                    throw new L402Rejection(401, "this L402 token is for " + value + ", not for service " + serviceName);
                }
            } else if (key.equals(serviceName + "_valid_until")) {
                long until;
                try {
                    until = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new L402Rejection(401, "malformed " + key + " caveat");
                }
                if (now.getEpochSecond() >= until) {
                    throw new L402Rejection(402, "this L402 token expired at " + Instant.ofEpochSecond(until) + "; pay again");
                }
                if (expiresAt == null || until < expiresAt.getEpochSecond()) {
                    expiresAt = Instant.ofEpochSecond(until);
                }
            } else if (key.equals(PREIMAGE_CAVEAT)) {
                checkPreimageCaveat(value, auth);
            } else if (key.equals(serviceName + "_capabilities")) {
                List<String> granted = value.isEmpty() ? List.of() : List.of(value.split(","));
                if (!capabilities.isEmpty() && !granted.isEmpty()) {
                    capabilities.retainAll(granted);
                } else if (capabilities.isEmpty()) {
                    capabilities.addAll(granted);
                }
            }
        }
        if (!servicesSeen) {
            throw new L402Rejection(401, "the macaroon names no service");
        }
        keys.markUsed(id.storageKey());
        return new VerifiedToken(id, serviceName, capabilities, java.util.Optional.ofNullable(expiresAt));
    }

    /**
     * Whether a token verified earlier still passes without redoing the cryptography: its root key is still stored
     * (not revoked, not pruned) and its validity has not ended.
     */
    public boolean stillValid(VerifiedToken token) {
        Instant now = clock.instant();
        return token.expiresAt().map(now::isBefore).orElse(true) && keys.get(token.identifier().storageKey()).isPresent();
    }

    /**
     * Drops the root keys of challenges nobody paid for within the grace period and of tokens past their validity;
     * minting does this at most once a minute on its own. Returns how many keys were dropped.
     */
    public int prune() {
        synchronized (this) {
            nextPrune = clock.instant().plus(PRUNE_INTERVAL);
        }
        return keys.prune(clock.instant());
    }

    private void pruneIfDue(Instant now) {
        synchronized (this) {
            if (now.isBefore(nextPrune)) {
                return;
            }
            nextPrune = now.plus(PRUNE_INTERVAL);
        }
        keys.prune(now);
    }

    /**
     * A {@code preimage=<hex>} caveat is what Aperture's Go client and lnget add to make a "paid macaroon". Aperture
     * ignores it; we accept it but require it to name the preimage after the colon, so a credential assembled from
     * two different payments is refused instead of half-trusted.
     */
    private static void checkPreimageCaveat(String value, L402Authorization auth) {
        byte[] claimed = value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = auth.preimageHex().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(claimed, presented)) {
            throw new L402Rejection(401, "the macaroon's preimage caveat does not match the preimage after the colon");
        }
    }

    /** Revokes the token of {@code macaroon}: its root key is deleted, so it never verifies again. */
    public boolean revoke(Macaroon macaroon) {
        return keys.delete(L402Identifier.decode(macaroon.identifier()).storageKey());
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
