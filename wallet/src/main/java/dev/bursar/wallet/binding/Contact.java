package dev.bursar.wallet.binding;

import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A named recipient in an owner's address book: "alice" → 0x70997970…. A contact's name written by the user grounds
 * a payment to its address; the name is a single word or a few words of letters, digits, '.', '_' or '-'.
 */
public record Contact(String name, EvmAddress address) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,47}");

    public Contact {
        if (name == null || !NAME.matcher(name.strip()).matches()) {
            throw new InvalidInputException("a contact name must be 1-48 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
        }
        if (address == null) {
            throw new InvalidInputException("a contact needs an EVM address");
        }
        name = name.strip();
    }

    /** The name as compared with the user's words: lower case, single spaces. */
    public String key() {
        return name.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
