package dev.bursar.wallet.lightning;

import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.InvalidInputException;

import java.time.Instant;
import java.util.Objects;

/**
 * A BOLT11 invoice as the node decoded it: what it asks for (amount in msat, zero when the payer chooses), whom it pays,
 * under which payment hash, on which network, and until when.
 *
 * @param bolt11      the invoice, lower case
 * @param network     the network its prefix names (lnbcrt → regtest, lnbc → mainnet)
 * @param amount      the requested amount in msat; zero for an amount-less invoice
 * @param paymentHash the payment hash, hex
 * @param destination the payee node's public key, hex
 * @param description the memo, possibly empty
 * @param createdAt   the invoice's timestamp
 * @param expiresAt   after this instant the payee no longer accepts payment
 */
public record DecodedInvoice(String bolt11, BitcoinNetwork network, Amount amount, String paymentHash, String destination,
                             String description, Instant createdAt, Instant expiresAt) {

    public DecodedInvoice {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (paymentHash == null || !paymentHash.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("an invoice's payment hash must be 32 bytes of lower-case hex");
        }
        description = description == null ? "" : description;
        destination = destination == null ? "" : destination;
    }

    /** Whether the invoice names an amount (an amount-less invoice lets the payer choose, which an agent must not). */
    public boolean hasAmount() {
        return !amount.isZero();
    }

    /** Whether the invoice has expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
