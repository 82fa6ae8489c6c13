package dev.bursar.runtime.model;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a remote model retries HTTP 429, 5xx, timeouts and refused connections: up to {@code maxRetries} more
 * attempts, waiting {@code firstBackoff} doubled per retry, capped at {@code maxBackoff}, plus up to 20 % jitter so
 * many agents hitting one rate limit do not retry in lockstep.
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff) {

    /** Two retries after about 1 s and 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public RetryPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= first (" + firstBackoff + ") <= max (" + maxBackoff + ")");
        }
    }

    /** No retries: the first failure is the answer. */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before retry number {@code retry} (1-based). */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based, was " + retry);
        }
        long base = firstBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        long jitter = capped == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return Duration.ofMillis(capped + jitter);
    }

    public RetryPolicy withMaxRetries(int v) {
        return new RetryPolicy(v, firstBackoff, maxBackoff);
    }
}
