package dev.bursar.l402.server;

import dev.bursar.l402.header.L402Authorization;
import dev.bursar.l402.macaroon.Caveat;
import dev.bursar.l402.macaroon.L402Identifier;
import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints L402 macaroons in Aperture's format (location "lsat", identifier version 0 | payment hash | token id, caveats
 * {@code services=name:tier}, {@code name_capabilities=}, {@code name_valid_until=}) plus what the token was sold for
 * ({@code name_price_sats=}, {@code name_path=}), and verifies presented credentials: preimage, root key, HMAC chain,
 * every caveat. Each token's root key is derived from its service's root key and its identifier, so a challenge
 * nobody pays for stores nothing.
 */
public final class L402Authority {

    /** The first-party caveat a paying client may add: {@code preimage=<64 hex>}. */
    public static final String PREIMAGE_CAVEAT = "preimage";
    /** Caveat suffixes this verifier understands for a service named in the token. */
    private static final Set<String> SERVICE_CAVEATS = Set.of("_capabilities", "_valid_until", "_price_sats", "_path");

    /** How long the key of an unpaid challenge is kept by default: far beyond any invoice's expiry. */
    public static final Duration DEFAULT_UNPAID_GRACE = Duration.ofDays(1);
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private final RootKeyStore keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> serviceKeys = new ConcurrentHashMap<>();
    private Instant nextPrune;

    public L402Authority(RootKeyStore keys, Clock clock) {
        this(keys, clock, DEFAULT_UNPAID_GRACE);
    }

    /**
     * @param unpaidGrace how long per-token keys of challenges minted before derived keys wait for a paid use before
     *                    they are pruned
     */
    public L402Authority(RootKeyStore keys, Clock clock, Duration unpaidGrace) {
        if (unpaidGrace.isNegative() || unpaidGrace.isZero()) {
            throw new IllegalArgumentException("the unpaid grace period must be positive, got " + unpaidGrace);
        }
        this.keys = keys;
        this.clock = clock;
        this.nextPrune = clock.instant();
    }

    /** Mints a macaroon for {@code service} at its registered price, payable by the invoice with {@code paymentHash}. */
    public Macaroon mint(PricedService service, byte[] paymentHash, List<String> extraCaveats) {
        return mint(L402Purchase.of(service), paymentHash, extraCaveats);
    }

    /**
     * Mints a macaroon for what {@code purchase} asks (its service and tier, its list price, its path rule), payable by
     * the invoice whose payment hash is {@code paymentHash}.
     */
    public Macaroon mint(L402Purchase purchase, byte[] paymentHash, List<String> extraCaveats) {
        PricedService service = purchase.service();
        byte[] tokenId = new byte[32];
        random.nextBytes(tokenId);
        L402Identifier id = new L402Identifier(paymentHash, tokenId);
        Instant now = clock.instant();
        Instant validUntil = service.validity().isZero() ? null : now.plus(service.validity());
        pruneIfDue(now);
        Macaroon m = Macaroon.mint(tokenKey(service.name(), id), id.encode(), "lsat")
                .withFirstPartyCaveat("services=" + service.name() + ":" + service.tier())
                .withFirstPartyCaveat(service.name() + "_capabilities=" + String.join(",", service.capabilities()))
                .withFirstPartyCaveat(service.name() + "_price_sats=" + purchase.listPriceSats());
        if (purchase.pathRule().isPresent()) {
            m = m.withFirstPartyCaveat(service.name() + "_path=" + purchase.pathRule().get());
        }
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

    /** Verifies {@code auth} for a request to {@code service} at its registered price. */
    public VerifiedToken verify(L402Authorization auth, PricedService service) {
        return verify(auth, L402Purchase.of(service));
    }

    /**
     * Verifies {@code auth} for {@code purchase}: the token must be paid, intact, unrevoked, for this service at this
     * tier or above, and sold for this price or more and for this path; every caveat must be one this server can
     * check. Throws {@link L402Rejection} with the status to answer (402 when paying again would help).
     */
    public VerifiedToken verify(L402Authorization auth, L402Purchase purchase) {
        String serviceName = purchase.service().name();
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
        Set<String> named = namedServices(m, serviceName);
        byte[] rootKey = keys.get(id.storageKey()).orElseGet(() -> tokenKey(serviceName, id));
        if (keys.isRevoked(id.storageKey())) {
            throw new L402Rejection(401, "unknown or revoked L402 token");
        }
        if (!m.hasValidSignature(rootKey)) {
            throw new L402Rejection(401, "the macaroon's signature is invalid (tampered caveats or identifier, or unknown to this seller)");
        }
        CaveatReading read = new CaveatReading(serviceName, named, auth);
        m.caveats().forEach(read::accept);
        if (read.tier < purchase.service().tier()) {
            throw new L402Rejection(402, "this L402 token is for tier " + read.tier + " of " + serviceName + "; this request needs tier "
                    + purchase.service().tier() + ": pay for it");
        }
        VerifiedToken token = new VerifiedToken(id, serviceName, read.capabilities == null ? List.of() : List.copyOf(read.capabilities),
                Optional.ofNullable(read.expiresAt), read.maxPrice, read.pathRules);
        token.refusalFor(purchase).ifPresent(why -> {
            throw new L402Rejection(402, why);
        });
        keys.markUsed(id.storageKey());
        return token;
    }

    /**
     * The services every {@code services} caveat names, checked before the signature only to refuse with a clear
     * message: each such caveat must name {@code serviceName}, and their intersection is what the token may reach.
     */
    private static Set<String> namedServices(Macaroon m, String serviceName) {
        Set<String> named = null;
        for (Caveat c : m.caveats()) {
            String condition = c.condition();
            if (!c.isFirstParty() || !condition.startsWith("services=")) {
                continue;
            }
            String value = condition.substring("services=".length()).trim();
            Set<String> here = new LinkedHashSet<>();
            for (String entry : value.split(",")) {
                here.add(entry.split(":")[0].trim());
            }
            if (!here.contains(serviceName)) {
                throw new L402Rejection(401, "this L402 token is for " + value + ", not for service " + serviceName);
            }
            if (named == null) {
                named = here;
            } else {
                named.retainAll(here);
            }
        }
        if (named == null) {
            throw new L402Rejection(401, "the macaroon names no service");
        }
        return named;
    }

    /** Reads the caveats of one verified macaroon; each may only narrow what an earlier one granted. */
    private final class CaveatReading {
        private final String service;
        private final Set<String> named;
        private final L402Authorization auth;
        private final Instant now = clock.instant();
        int tier = Integer.MAX_VALUE;
        List<String> capabilities;
        Instant expiresAt;
        OptionalLong maxPrice = OptionalLong.empty();
        final List<String> pathRules = new ArrayList<>();

        CaveatReading(String service, Set<String> named, L402Authorization auth) {
            this.service = service;
            this.named = named;
            this.auth = auth;
        }

        void accept(Caveat c) {
            if (!c.isFirstParty()) {
                throw new L402Rejection(401, "the macaroon has a third-party caveat at " + c.location() + ", which this server cannot discharge");
            }
            String condition = c.condition();
            int eq = condition.indexOf('=');
            if (eq < 0) {
                throw unknown(condition);
            }
            String key = condition.substring(0, eq).trim();
            String value = condition.substring(eq + 1).trim();
            if (key.equals("services")) {
                tier = Math.min(tier, tierIn(value));
            } else if (key.equals(PREIMAGE_CAVEAT)) {
                checkPreimageCaveat(value, auth);
            } else if (key.equals(service + "_capabilities")) {
                narrowCapabilities(value);
            } else if (key.equals(service + "_valid_until")) {
                long until = number(key, value);
                if (now.getEpochSecond() >= until) {
                    throw new L402Rejection(402, "this L402 token expired at " + Instant.ofEpochSecond(until) + "; pay again");
                }
                if (expiresAt == null || until < expiresAt.getEpochSecond()) {
                    expiresAt = Instant.ofEpochSecond(until);
                }
            } else if (key.equals(service + "_price_sats")) {
                long price = number(key, value);
                maxPrice = OptionalLong.of(maxPrice.isEmpty() ? price : Math.min(price, maxPrice.getAsLong()));
            } else if (key.equals(service + "_path")) {
                pathRules.add(value);
            } else if (!concernsAnotherNamedService(key)) {
                throw unknown(condition);
            }
        }

        private int tierIn(String value) {
            for (String entry : value.split(",")) {
                String[] parts = entry.split(":");
                if (parts[0].trim().equals(service)) {
                    if (parts.length != 2) {
                        throw new L402Rejection(401, "malformed services caveat: expected name:tier, got '" + entry.trim() + "'");
                    }
                    try {
                        return Integer.parseInt(parts[1].trim());
                    } catch (NumberFormatException e) {
                        throw new L402Rejection(401, "malformed services caveat: tier '" + parts[1].trim() + "' is not a number");
                    }
                }
            }
            throw new L402Rejection(401, "this L402 token is for " + value + ", not for service " + service);
        }

        /** An empty capability list restricts nothing; two lists leave what both grant, and nothing left is no access. */
        private void narrowCapabilities(String value) {
            if (value.isEmpty()) {
                return;
            }
            List<String> granted = Arrays.stream(value.split(",")).map(String::trim).toList();
            if (capabilities == null) {
                capabilities = new ArrayList<>(granted);
            } else {
                capabilities.retainAll(granted);
            }
            if (capabilities.isEmpty()) {
                throw new L402Rejection(401, "the macaroon's " + service + "_capabilities caveats grant nothing in common: no access");
            }
        }

        /** A caveat for another service the token also names, such as {@code weather_capabilities}, is that service's to check. */
        private boolean concernsAnotherNamedService(String key) {
            return SERVICE_CAVEATS.stream().anyMatch(suffix -> key.endsWith(suffix)
                    && named.contains(key.substring(0, key.length() - suffix.length())));
        }

        private static long number(String key, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new L402Rejection(401, "malformed " + key + " caveat");
            }
        }

        private static L402Rejection unknown(String condition) {
            String shown = condition.length() > 60 ? condition.substring(0, 60) + "…" : condition;
            return new L402Rejection(401, "the macaroon has a caveat this server cannot check ('" + shown + "'), so the token is refused");
        }
    }

    /**
     * Whether a token verified earlier still passes without redoing the cryptography: not revoked, its per-token key
     * (if it has one) not pruned, and its validity not over.
     */
    public boolean stillValid(VerifiedToken token) {
        Instant now = clock.instant();
        byte[] storageKey = token.identifier().storageKey();
        return token.expiresAt().map(now::isBefore).orElse(true) && !keys.isRevoked(storageKey);
    }

    /**
     * Drops per-token keys of challenges nobody paid for within the grace period, of tokens past their validity, and
     * revocations that ended; minting does this at most once a minute on its own. Returns how many keys were dropped.
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

    /**
     * Revokes the token of {@code macaroon} until its validity ends: it never verifies again. Returns false when it
     * was revoked already.
     */
    public boolean revoke(Macaroon macaroon) {
        L402Identifier id = L402Identifier.decode(macaroon.identifier());
        if (keys.isRevoked(id.storageKey())) {
            return false;
        }
        Instant until = null;
        for (Caveat c : macaroon.caveats()) {
            String condition = c.condition();
            int eq = condition.indexOf('=');
            if (eq > 0 && condition.substring(0, eq).endsWith("_valid_until")) {
                try {
                    Instant end = Instant.ofEpochSecond(Long.parseLong(condition.substring(eq + 1).trim()));
                    until = until == null || end.isBefore(until) ? end : until;
                } catch (NumberFormatException e) {
                    until = null;
                    break;
                }
            }
        }
        keys.revoke(id.storageKey(), until);
        keys.delete(id.storageKey());
        return true;
    }

    /** The root key of one token: HMAC-SHA256 of its identifier under its service's long-lived root key. */
    private byte[] tokenKey(String service, L402Identifier id) {
        byte[] serviceKey = serviceKeys.computeIfAbsent(service, this::loadOrCreateServiceKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(serviceKey, "HmacSHA256"));
            return mac.doFinal(id.encode());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private byte[] loadOrCreateServiceKey(String service) {
        byte[] storageKey = sha256(("bursar/l402/service-root-key/" + service).getBytes(StandardCharsets.UTF_8));
        synchronized (keys) {
            Optional<byte[]> stored = keys.get(storageKey);
            if (stored.isPresent()) {
                return stored.get();
            }
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            keys.put(storageKey, fresh, Instant.MAX, null);
            keys.markUsed(storageKey);
            return fresh;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
