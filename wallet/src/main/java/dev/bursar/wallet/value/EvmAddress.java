package dev.bursar.wallet.value;

import dev.bursar.wallet.InvalidInputException;
import org.web3j.crypto.Keys;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A 20-byte EVM address, parsed strictly: {@code 0x} + 40 hex digits, and a mixed-case address must carry a valid
 * EIP-55 checksum. Printed in its EIP-55 form.
 */
public record EvmAddress(String value) {

    private static final Pattern SHAPE = Pattern.compile("0x[0-9a-fA-F]{40}");

    public EvmAddress {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidInputException("'" + value + "' is not an EVM address: expected 0x followed by 40 hex digits");
        }
        String checksummed = Keys.toChecksumAddress(value.toLowerCase(Locale.ROOT));
        String digits = value.substring(2);
        boolean singleCase = digits.equals(digits.toLowerCase(Locale.ROOT)) || digits.equals(digits.toUpperCase(Locale.ROOT));
        if (!singleCase && !checksummed.equals(value)) {
            throw new InvalidInputException("'" + value + "' fails its EIP-55 checksum (mistyped?); the checksummed form of these digits is " + checksummed);
        }
        value = checksummed;
    }

    public static EvmAddress of(String text) {
        return new EvmAddress(text == null ? null : text.trim());
    }

    /** Lower-case hex form, handy as a map key or for comparisons with node output. */
    public String lowerCase() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
