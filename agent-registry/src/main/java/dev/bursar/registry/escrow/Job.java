package dev.bursar.registry.escrow;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as the escrow holds it.
 *
 * @param amount     what the job holds (and pays or refunds once), in the token's base units
 * @param deadline   the last block time at which the provider may submit; after it, anyone may refund
 * @param specHash   the client's hash of the task, 0x-hex
 * @param resultHash the provider's hash of its result, once submitted
 */
public record Job(BigInteger id, EvmAddress client, EvmAddress provider, EvmAddress evaluator, Amount amount, Instant deadline,
                  JobStatus status, String specHash, Optional<String> resultHash) {
}
