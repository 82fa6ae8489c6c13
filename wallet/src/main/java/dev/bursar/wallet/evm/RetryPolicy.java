package dev.bursar.wallet.evm;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently the wallet retries an RPC call whose node did not answer (connection refused, timeout):
 * {@code attempts} tries in all, waiting {@code initialBackoff} after the first failure and doubling up to
 * {@code maxBackoff}. A node that answers with an error is never retried.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (attempts < 1 || attempts > 20) {
            throw new IllegalArgumentException("retry attempts must be 1..20, got " + attempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be non-negative and maxBackoff at least initialBackoff");
        }
    }

    /** Four attempts, 250 ms then 500 ms then 1 s apart. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(2));
    }

    /** The wait before attempt {@code attempt + 1}, for {@code attempt} ≥ 1. */
    Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
