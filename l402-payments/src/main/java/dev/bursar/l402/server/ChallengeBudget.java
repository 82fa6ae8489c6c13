package dev.bursar.l402.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Counts the challenges a gate hands out against its {@link ChallengeLimits}: a sliding one-minute window per client
 * and the set of invoices issued and not yet paid or expired. Thread-safe; holds payment hashes, no secrets.
 */
final class ChallengeBudget {

    private final ChallengeLimits limits;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> perClient = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(2)).build();
    private final Deque<Issued> issued = new ArrayDeque<>();
    private final Set<String> outstanding = new HashSet<>();

    private record Issued(String paymentHash, Instant expiresAt) {
    }

    ChallengeBudget(ChallengeLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Why {@code client} may not get a challenge now (with the status to answer), or empty when it may. */
    Optional<L402Gate.Decision> refusal(String client) {
        Instant now = clock.instant();
        Deque<Instant> recent = perClient.get(client, c -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
                recent.pollFirst();
            }
            if (recent.size() >= limits.perClientPerMinute()) {
                long wait = Math.max(1, Duration.between(now, recent.peekFirst().plus(Duration.ofMinutes(1))).toSeconds());
                return Optional.of(new L402Gate.Decision.TooManyRequests(
                        "too many payment challenges for this client: at most " + limits.perClientPerMinute() + " per minute", wait));
            }
        }
        synchronized (this) {
            expire(now);
            if (outstanding.size() >= limits.maxOutstanding()) {
                return Optional.of(new L402Gate.Decision.Unavailable(
                        "too many unpaid invoices are outstanding; try again later"));
            }
        }
        synchronized (recent) {
            recent.addLast(now);
        }
        return Optional.empty();
    }

    /** Records an invoice handed out in a challenge. */
    synchronized void issued(byte[] paymentHash) {
        String hash = HexFormat.of().formatHex(paymentHash);
        if (outstanding.add(hash)) {
            issued.addLast(new Issued(hash, clock.instant().plus(limits.invoiceExpiry())));
        }
        if (issued.size() > 2 * limits.maxOutstanding()) {
            issued.removeIf(i -> !outstanding.contains(i.paymentHash())); // paid early: no need to wait for their expiry
        }
    }

    /** Records that the invoice of a verified token was paid, so it no longer counts as outstanding. */
    synchronized void paid(byte[] paymentHash) {
        outstanding.remove(HexFormat.of().formatHex(paymentHash));
    }

    /** Unpaid invoices that can still be paid. */
    synchronized int outstanding() {
        expire(clock.instant());
        return outstanding.size();
    }

    private void expire(Instant now) {
        while (!issued.isEmpty() && !issued.peekFirst().expiresAt().isAfter(now)) {
            outstanding.remove(issued.pollFirst().paymentHash());
        }
    }
}
