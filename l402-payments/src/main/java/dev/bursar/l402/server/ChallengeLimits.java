package dev.bursar.l402.server;

import java.time.Duration;

/**
 * Bounds on what unauthenticated requests may cost a seller: how many fresh challenges (each an invoice on the
 * seller's node) one client may ask for per minute, and how many unpaid invoices may be outstanding at once, counted
 * for as long as an invoice can still be paid.
 *
 * @param perClientPerMinute challenges one client (remote address) may get per minute; more answer 429
 * @param maxOutstanding     unpaid invoices outstanding at once; more answer 503 until some expire or are paid
 * @param invoiceExpiry      how long an issued invoice counts as outstanding: its expiry on the seller's node
 */
public record ChallengeLimits(int perClientPerMinute, int maxOutstanding, Duration invoiceExpiry) {

    /** 60 challenges per client per minute, 10,000 outstanding invoices of one hour (LND's default expiry). */
    public static final ChallengeLimits DEFAULT = new ChallengeLimits(60, 10_000, Duration.ofHours(1));

    public ChallengeLimits {
        if (perClientPerMinute < 1 || maxOutstanding < 1) {
            throw new IllegalArgumentException("challenge limits must allow at least one challenge, got " + perClientPerMinute
                    + " per client per minute and " + maxOutstanding + " outstanding");
        }
        if (invoiceExpiry == null || invoiceExpiry.isNegative() || invoiceExpiry.isZero()) {
            throw new IllegalArgumentException("the invoice expiry must be positive, got " + invoiceExpiry);
        }
    }
}
