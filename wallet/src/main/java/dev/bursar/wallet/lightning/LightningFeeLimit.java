package dev.bursar.wallet.lightning;

import dev.bursar.wallet.InvalidInputException;

import java.math.BigInteger;

/**
 * How much a Lightning payment may spend on routing fees: a proportional part of the amount in parts per million,
 * rounded up to the next msat, and never less than a floor. {@code limit = max(floor, ceil(amount × ppm / 1 000 000))},
 * all in msat, computed without overflow for any int64 amount.
 *
 * @param ppm      the proportional limit, 0 to 1 000 000 parts per million of the amount (10 000 = 1 %)
 * @param floorSat the smallest limit in sat, so that small payments can still pay a base fee
 */
record LightningFeeLimit(long ppm, long floorSat) {

    static final long MILLION = 1_000_000;
    /** 1 % with a 10 sat floor. */
    static final LightningFeeLimit DEFAULT = new LightningFeeLimit(10_000, 10);

    private static final BigInteger MILLION_BIG = BigInteger.valueOf(MILLION);
    private static final BigInteger ROUND_UP = BigInteger.valueOf(MILLION - 1);

    LightningFeeLimit {
        if (ppm < 0 || ppm > MILLION) {
            throw new InvalidInputException("the Lightning fee limit must be 0 to 1000000 ppm (10000 = 1%), got " + ppm);
        }
        if (floorSat < 0 || floorSat > Long.MAX_VALUE / 1000) {
            throw new InvalidInputException("the Lightning fee floor must be 0 or more sat, got " + floorSat);
        }
    }

    /** The fee limit in msat for a payment of {@code amountMsat}. */
    long forAmountMsat(long amountMsat) {
        if (amountMsat < 0) {
            throw new InvalidInputException("a payment amount cannot be negative, got " + amountMsat + " msat");
        }
        // amount × ppm can exceed int64 (up to ~9.2e24), the quotient cannot exceed the amount.
        long proportional = BigInteger.valueOf(amountMsat).multiply(BigInteger.valueOf(ppm)).add(ROUND_UP)
                .divide(MILLION_BIG).longValueExact();
        return Math.max(floorSat * 1000, proportional);
    }
}
