package dev.bursar.registry.discovery;

import dev.bursar.registry.reputation.FeedbackValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The mean of an agent's unrevoked ratings by trusted reviewers, computed as the reputation registry's
 * {@code getSummary} computes it (sum in units of 10^-18, truncated mean, at the largest decimals among the ratings), so
 * the two agree.
 *
 * @param count   how many ratings count
 * @param average their mean; {@code 0} with 0 decimals when there are none
 */
public record ReputationSummary(long count, FeedbackValue average) {

    /** No ratings. */
    public static final ReputationSummary NONE = new ReputationSummary(0, FeedbackValue.of(0, 0));

    private static final int MAX_DECIMALS = FeedbackValue.MAX_DECIMALS;

    public ReputationSummary {
        Objects.requireNonNull(average, "average");
    }

    /** The summary of {@code feedback}, leaving out revoked ratings. */
    public static ReputationSummary of(Collection<TrustedFeedback> feedback) {
        BigInteger sum = BigInteger.ZERO;
        long count = 0;
        int decimals = 0;
        for (TrustedFeedback f : feedback) {
            if (f.revoked()) {
                continue;
            }
            sum = sum.add(f.value().value().multiply(BigInteger.TEN.pow(MAX_DECIMALS - f.value().decimals())));
            decimals = Math.max(decimals, f.value().decimals());
            count++;
        }
        if (count == 0) {
            return NONE;
        }
        BigInteger mean = sum.divide(BigInteger.valueOf(count)).divide(BigInteger.TEN.pow(MAX_DECIMALS - decimals));
        return new ReputationSummary(count, new FeedbackValue(mean, decimals));
    }

    /** The mean as a decimal, or empty when no trusted reviewer rated the agent. */
    public Optional<BigDecimal> averageValue() {
        return count == 0 ? Optional.empty() : Optional.of(average.toBigDecimal());
    }

    @Override
    public String toString() {
        return count == 0 ? "no trusted ratings" : average + " over " + count + " trusted ratings";
    }
}
