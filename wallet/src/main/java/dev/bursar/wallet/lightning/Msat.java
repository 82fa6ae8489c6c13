package dev.bursar.wallet.lightning;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;

import java.math.BigInteger;

/** Conversions between {@link Amount}s of Lightning bitcoin and LND's int64 msat and sat fields. */
final class Msat {

    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    private Msat() {
    }

    static Amount of(Asset.LightningBitcoin asset, long msat) {
        return Amount.ofUnits(asset, msat);
    }

    static Amount ofSat(Asset.LightningBitcoin asset, long sat) {
        return Amount.ofUnits(asset, BigInteger.valueOf(sat).multiply(THOUSAND));
    }

    /** The amount in msat as LND's int64; an amount beyond it is an error, not a truncation. */
    static long toLong(Amount amount) {
        if (!(amount.asset() instanceof Asset.LightningBitcoin)) {
            throw new InvalidInputException("expected an amount of bitcoin over Lightning, got " + amount.asset().id());
        }
        if (amount.units().bitLength() > 63) {
            throw new InvalidInputException(amount + " is more than Lightning can carry");
        }
        return amount.units().longValueExact();
    }
}
