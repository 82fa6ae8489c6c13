package dev.bursar.wallet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A non-negative quantity of one {@link Asset} in integer base units (wei, token units, msat). Parses and prints
 * "0.01 ETH", "1500 sat", "12.5 USDC" exactly; never a double.
 */
public record Amount(Asset asset, BigInteger units) implements Comparable<Amount> {

    /** The largest value an EVM uint256 holds; no amount may exceed it. */
    public static final BigInteger MAX_UNITS = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private static final Pattern NUMBER = Pattern.compile("(\\d+)(?:\\.(\\d+))?");
    private static final Pattern WITH_UNIT = Pattern.compile("\\s*(\\S+?)\\s*([A-Za-z][A-Za-z0-9]*)\\s*");

    public Amount {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(units, "units");
        if (units.signum() < 0) {
            throw new InvalidInputException("an amount cannot be negative: " + units + " " + asset.baseUnit());
        }
        if (units.compareTo(MAX_UNITS) > 0) {
            throw new InvalidInputException("amount overflows 256 bits: " + units + " " + asset.baseUnit());
        }
    }

    /** An amount given in base units. */
    public static Amount ofUnits(Asset asset, BigInteger units) {
        return new Amount(asset, units);
    }

    public static Amount ofUnits(Asset asset, long units) {
        return new Amount(asset, BigInteger.valueOf(units));
    }

    public static Amount zero(Asset asset) {
        return new Amount(asset, BigInteger.ZERO);
    }

    /** Parses a decimal such as "12.5" in the asset's display unit ({@link Asset#symbol()}, or sat for Lightning). */
    public static Amount of(Asset asset, String decimal) {
        return parseIn(asset, decimal, asset.displayDenomination());
    }

    /**
     * Parses "number unit", such as "0.01 ETH", "25 gwei", "1500 sat" or "12.5 USDC", choosing the asset among
     * {@code known} by the unit; an unknown or ambiguous unit is an error.
     */
    public static Amount parse(String text, Collection<? extends Asset> known) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("an amount is required, such as '0.01 ETH' or '1500 sat'");
        }
        Matcher m = WITH_UNIT.matcher(text);
        if (!m.matches()) {
            throw new InvalidInputException("'" + text + "' is not an amount: write a number and a unit, such as '0.01 ETH' or '1500 sat'");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        List<Asset> matching = new ArrayList<>();
        for (Asset asset : known) {
            if (asset.denominations().containsKey(unit)) {
                matching.add(asset);
            }
        }
        if (matching.isEmpty()) {
            throw new InvalidInputException("unknown unit '" + m.group(2) + "' in '" + text + "'; known: " + knownUnits(known));
        }
        if (matching.size() > 1) {
            throw new InvalidInputException("'" + m.group(2) + "' is ambiguous: it names " + matching.stream().map(Asset::id).toList()
                    + "; name the asset explicitly");
        }
        return parseIn(matching.get(0), m.group(1), unit);
    }

    private static Amount parseIn(Asset asset, String number, String denomination) {
        Integer exponent = asset.denominations().get(denomination.toLowerCase(Locale.ROOT));
        if (exponent == null) {
            throw new InvalidInputException(asset.symbol() + " has no unit '" + denomination + "'");
        }
        String trimmed = number == null ? "" : number.trim();
        if (trimmed.startsWith("-")) {
            throw new InvalidInputException("an amount cannot be negative: '" + trimmed + " " + denomination + "'");
        }
        Matcher m = NUMBER.matcher(trimmed);
        if (!m.matches()) {
            throw new InvalidInputException("'" + trimmed + "' is not a plain decimal number (digits, one optional point, no sign or exponent)");
        }
        String fraction = m.group(2) == null ? "" : m.group(2);
        String significant = fraction.replaceAll("0+$", "");
        if (significant.length() > exponent) {
            throw new InvalidInputException("'" + trimmed + " " + denomination + "' has more decimals than " + asset.symbol()
                    + " allows in " + denomination + " (at most " + exponent + ")");
        }
        BigInteger units = new BigInteger(m.group(1)).multiply(BigInteger.TEN.pow(exponent))
                .add(significant.isEmpty() ? BigInteger.ZERO : new BigInteger(significant).multiply(BigInteger.TEN.pow(exponent - significant.length())));
        return new Amount(asset, units);
    }

    public boolean isZero() {
        return units.signum() == 0;
    }

    public Amount plus(Amount other) {
        requireSameAsset(other);
        return new Amount(asset, units.add(other.units));
    }

    /** Subtracts; the result must not be negative. */
    public Amount minus(Amount other) {
        requireSameAsset(other);
        return new Amount(asset, units.subtract(other.units));
    }

    public boolean isGreaterThan(Amount other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Amount other) {
        requireSameAsset(other);
        return units.compareTo(other.units);
    }

    /** The amount in a named denomination of its asset, exact, trailing zeros removed: "0.01 ETH". */
    public String format(String denomination) {
        Integer exponent = asset.denominations().get(denomination.toLowerCase(Locale.ROOT));
        if (exponent == null) {
            throw new InvalidInputException(asset.symbol() + " has no unit '" + denomination + "'");
        }
        BigDecimal value = new BigDecimal(units, exponent).stripTrailingZeros();
        return value.toPlainString() + " " + denomination;
    }

    /** Exact, in the asset's display unit (sat for Lightning, msat when not a whole sat). */
    @Override
    public String toString() {
        if (asset instanceof Asset.LightningBitcoin && units.mod(BigInteger.valueOf(1000)).signum() != 0) {
            return format("msat");
        }
        return format(asset.displayDenomination());
    }

    private void requireSameAsset(Amount other) {
        if (!asset.equals(other.asset)) {
            throw new InvalidInputException("cannot combine " + asset.id() + " with " + other.asset.id());
        }
    }

    private static String knownUnits(Collection<? extends Asset> known) {
        List<String> units = new ArrayList<>();
        for (Asset a : known) {
            for (Map.Entry<String, Integer> d : a.denominations().entrySet()) {
                units.add(d.getKey());
            }
        }
        return units.stream().sorted().distinct().toList().toString();
    }
}
