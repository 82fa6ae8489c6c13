package dev.bursar.wallet;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A wallet's validated view of an intent before anything is signed: the amount that will leave, the most it may cost
 * in fees, the resolved recipient (an address, or the invoice's payee and payment hash), and when it stops being valid.
 * Policies and transaction guards decide on a quote.
 *
 * @param recipient the resolved payee: an EIP-55 address, or for Lightning the destination node's public key
 * @param contract  the contract the transaction talks to (token, called contract), if any: what guards score
 * @param paymentHash for Lightning, the invoice's payment hash (hex); empty for EVM
 * @param details   facts for the journal and the user, such as "network" or "expiry"; never secrets
 */
public record Quote(PaymentIntent intent, Amount amount, Optional<Amount> maxFee, String recipient,
                    Optional<String> contract, Optional<String> paymentHash, Optional<Instant> expiresAt,
                    Map<String, String> details) {

    public Quote {
        details = Map.copyOf(details);
    }
}
