package dev.bursar.l402.client;

import java.time.Instant;

/** The invoice of an L402 challenge had expired before the client would pay it: nothing was paid; ask again. */
public final class L402InvoiceExpiredException extends L402Exception {

    private final Instant expiredAt;

    public L402InvoiceExpiredException(String host, Instant expiredAt) {
        super("the L402 invoice from " + host + " expired at " + expiredAt + "; nothing was paid: request the resource again for a fresh invoice");
        this.expiredAt = expiredAt;
    }

    public Instant expiredAt() {
        return expiredAt;
    }
}
