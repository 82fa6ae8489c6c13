package dev.bursar.l402.client;

import java.time.Instant;

/**
 * How the L402 client pays: decode an invoice, and pay it under the agent's policy (through its {@code GuardedWallet});
 * it never holds keys itself.
 */
public interface InvoicePayer {

    /** Decodes {@code bolt11} without paying it. */
    InvoiceDetails decode(String bolt11);

    /**
     * Pays {@code bolt11} and returns its 32-byte preimage.
     *
     * @throws L402PaymentHeldException if it waits for a person's approval or is still in flight (nothing paid yet)
     * @throws L402Exception if policy denies it or the payment fails
     */
    byte[] pay(String bolt11, long amountMsat, String purpose, String idempotencyKey);

    /**
     * Pays {@code bolt11} for a request to {@code host}, which the caller was asked to reach; a payer that binds
     * payments to what was asked passes the host on. By default the same as {@link #pay(String, long, String, String)}.
     */
    default byte[] pay(String bolt11, long amountMsat, String purpose, String idempotencyKey, String host) {
        return pay(bolt11, amountMsat, purpose, idempotencyKey);
    }

    /**
     * The preimage of the payment proposed with {@code idempotencyKey} (which {@link #pay} may have reported held, or
     * not reported at all after a crash), once it settled.
     *
     * @throws L402PaymentHeldException while it still waits for approval or is in flight
     * @throws L402NoSuchPaymentException when it was never proposed (nothing was paid)
     * @throws L402Exception when it ended without paying (rejected, expired, failed)
     */
    byte[] settled(String idempotencyKey);

    /** What the client checks before paying. */
    record InvoiceDetails(long amountMsat, byte[] paymentHash, Instant expiresAt) {
        public InvoiceDetails {
            paymentHash = paymentHash.clone();
        }

        @Override
        public byte[] paymentHash() {
            return paymentHash.clone();
        }
    }
}
