package dev.bursar.wallet.binding;

import dev.bursar.wallet.InvalidInputException;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An owner's named recipients, kept by the owner outside any chat (REST and UI in the runtime). A contact named by the
 * user in a conversation grounds a payment to that contact's address; names are unique, case-insensitively.
 */
public record AddressBook(List<Contact> contacts) {

    public AddressBook {
        contacts = List.copyOf(contacts);
        Set<String> seen = new HashSet<>();
        for (Contact c : contacts) {
            if (!seen.add(c.key())) {
                throw new InvalidInputException("the address book has two contacts named '" + c.name() + "'");
            }
        }
    }

    public static AddressBook empty() {
        return new AddressBook(List.of());
    }

    public Optional<Contact> byName(String name) {
        String key = name.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
        return contacts.stream().filter(c -> c.key().equals(key)).findFirst();
    }
}
