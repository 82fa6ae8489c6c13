package dev.bursar.wallet;

import java.util.Map;

/**
 * A payment ready to leave the process, recorded in the journal before it does: the rail it goes over, the reference
 * it will be known by (transaction hash or payment hash), and what the rail needs to send or re-send it exactly
 * (a signed raw transaction and its nonce, or the invoice). Holds no key.
 *
 * @param rail "evm" or "lightning"
 * @param reference the transaction hash (0x-hex) or the payment hash (hex)
 * @param data rail-specific fields, such as "rawTransaction", "nonce", "from", "invoice"
 */
public record PreparedPayment(String rail, String reference, Map<String, String> data) {

    public PreparedPayment {
        data = Map.copyOf(data);
    }
}
