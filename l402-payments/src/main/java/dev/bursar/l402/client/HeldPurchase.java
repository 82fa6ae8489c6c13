package dev.bursar.l402.client;

import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

/**
 * An L402 token being bought: the challenge's macaroon and the idempotency key its payment is proposed with. Kept by the
 * {@link TokenStore} before the wallet is asked, so neither a hold for approval nor a crash in between loses the token
 * a payment buys: the journal entry with that key says what became of it.
 */
public record HeldPurchase(Macaroon macaroon, String paymentKey) {

    public HeldPurchase {
        if (macaroon == null || paymentKey == null || paymentKey.isBlank() || paymentKey.contains(" ")) {
            throw new IllegalArgumentException("a held purchase needs the challenge's macaroon and the payment's idempotency key");
        }
    }

    /** One line: the payment's idempotency key, a space, the base64 macaroon. */
    public String encode() {
        return paymentKey + " " + macaroon.toBase64();
    }

    /** Reads {@link #encode()}'s line. */
    public static HeldPurchase decode(String line) {
        String[] parts = line.strip().split(" ", 2);
        if (parts.length != 2) {
            throw new MacaroonFormatException("a held L402 purchase is '<payment key> <macaroon>'");
        }
        return new HeldPurchase(Macaroon.fromBase64(parts[1]), parts[0]);
    }
}
