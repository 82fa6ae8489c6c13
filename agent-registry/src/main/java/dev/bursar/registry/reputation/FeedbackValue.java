package dev.bursar.registry.reputation;

import dev.bursar.wallet.InvalidInputException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A rating as ERC-8004 stores it: the signed integer {@code value} scaled by {@code 10^-decimals} (87 with 0 decimals
 * is "87/100 starred", 9977 with 2 decimals is "99.77% uptime"). Exact, never a double.
 */
public record FeedbackValue(BigInteger value, int decimals) {

    /** The registry's bounds: |value| at most 1e38, at most 18 decimals. */
    public static final BigInteger MAX_ABS_VALUE = BigInteger.TEN.pow(38);
    public static final int MAX_DECIMALS = 18;

    public FeedbackValue {
        Objects.requireNonNull(value, "value");
        if (value.abs().compareTo(MAX_ABS_VALUE) > 0) {
            throw new InvalidInputException("a feedback value must be within ±1e38, got " + value);
        }
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new InvalidInputException("feedback decimals must be 0.." + MAX_DECIMALS + ", got " + decimals);
        }
    }

    public static FeedbackValue of(long value, int decimals) {
        return new FeedbackValue(BigInteger.valueOf(value), decimals);
    }

    /** The value as a decimal number, exactly. */
    public BigDecimal toBigDecimal() {
        return new BigDecimal(value, decimals);
    }

    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }
}
