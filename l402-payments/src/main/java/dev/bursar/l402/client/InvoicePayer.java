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
     * @throws L402Exception if policy denies it, holds it for approval, or the payment fails
     */
    byte[] pay(String bolt11, long amountMsat, String purpose, String idempotencyKey);

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
