package dev.bursar.l402.server;

/**
 * Creates the Lightning invoice a buyer pays for a token (LND AddInvoice in production); the seller never needs a
 * spending key for this.
 */
public interface InvoiceIssuer {

    /** Creates an invoice for {@code sats} with {@code memo}. */
    IssuedInvoice issue(long sats, String memo);

    /** A BOLT11 invoice and its 32-byte payment hash. */
    record IssuedInvoice(String bolt11, byte[] paymentHash) {
        public IssuedInvoice {
            if (paymentHash == null || paymentHash.length != 32) {
                throw new IllegalArgumentException("a payment hash is 32 bytes");
            }
            paymentHash = paymentHash.clone();
        }

        @Override
        public byte[] paymentHash() {
            return paymentHash.clone();
        }
    }
}
