package dev.bursar.l402.client;

import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

/**
 * An L402 token bought but not yet paid for: the challenge's macaroon and the journal entry of its payment, which waits
 * for approval or is in flight. Kept by the {@link TokenStore} so that a restart loses nothing.
 */
public record HeldPurchase(Macaroon macaroon, String paymentId) {

    public HeldPurchase {
        if (macaroon == null || paymentId == null || paymentId.isBlank() || paymentId.contains(" ")) {
            throw new IllegalArgumentException("a held purchase needs the challenge's macaroon and the payment's id");
        }
    }

    /** One line: the payment id, a space, the base64 macaroon. */
    public String encode() {
        return paymentId + " " + macaroon.toBase64();
    }

    /** Reads {@link #encode()}'s line. */
    public static HeldPurchase decode(String line) {
        String[] parts = line.strip().split(" ", 2);
        if (parts.length != 2) {
            throw new MacaroonFormatException("a held L402 purchase is '<payment id> <macaroon>'");
        }
        return new HeldPurchase(Macaroon.fromBase64(parts[1]), parts[0]);
    }
}
