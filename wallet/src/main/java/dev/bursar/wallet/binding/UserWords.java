package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user wrote in one conversation (their own messages only: never the persona, a tool result, a fetched page
 * or another agent's reply), with the owner's address book. Everything a payment may be grounded in.
 */
public record UserWords(List<String> messages, AddressBook addressBook) {

    private static final Pattern FULL_ADDRESS = Pattern.compile("(?<![0-9a-zA-Z])0x[0-9a-fA-F]{40}(?![0-9a-zA-Z])");
    private static final Pattern SHORT_ADDRESS = Pattern.compile("(?<![0-9a-zA-Z])0x[0-9a-fA-F]{2,12}(?:…|\\.{2,3})[0-9a-fA-F]{2,12}(?![0-9a-zA-Z])");
    private static final Pattern ENS_NAME = Pattern.compile("(?<![\\w.-])[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\.eth\\b");
    private static final Pattern INVOICE = Pattern.compile("(?<![0-9a-z])(?:lightning:)?(ln(?:bc|tb|bcrt|tbs)[0-9a-z]{20,})");

    public UserWords {
        messages = List.copyOf(messages);
        addressBook = addressBook == null ? AddressBook.empty() : addressBook;
    }

    /** Full EVM addresses the user wrote whose checksum is valid (or that are written in one case). */
    public Set<EvmAddress> addresses() {
        Set<EvmAddress> out = new LinkedHashSet<>();
        for (String m : messages) {
            Matcher a = FULL_ADDRESS.matcher(m);
            while (a.find()) {
                try {
                    out.add(EvmAddress.of(a.group()));
                } catch (InvalidInputException badChecksum) {
                    // a mistyped address grounds nothing; badChecksums() reports it
                }
            }
        }
        return out;
    }

    /** Full addresses the user wrote that fail their EIP-55 checksum. */
    public List<String> badChecksums() {
        List<String> out = new ArrayList<>();
        for (String m : messages) {
            Matcher a = FULL_ADDRESS.matcher(m);
            while (a.find()) {
                try {
                    EvmAddress.of(a.group());
                } catch (InvalidInputException e) {
                    out.add(a.group());
                }
            }
        }
        return out;
    }

    /** Abbreviated addresses such as 0x7099…79C8: they never ground a payment. */
    public List<String> abbreviatedAddresses() {
        return all(SHORT_ADDRESS, false);
    }

    /** ENS-style names such as vitalik.eth. */
    public List<String> ensNames() {
        return all(ENS_NAME, true);
    }

    /** BOLT11 invoices the user pasted, lower case, without a "lightning:" prefix. */
    public Set<String> invoices() {
        Set<String> out = new LinkedHashSet<>();
        for (String m : messages) {
            Matcher i = INVOICE.matcher(m.toLowerCase(Locale.ROOT));
            while (i.find()) {
                out.add(i.group(1));
            }
        }
        return out;
    }

    /** Amounts of {@code assets} the user wrote, with their units. */
    public List<Amount> amounts(Collection<? extends Asset> assets) {
        List<Amount> out = new ArrayList<>();
        messages.forEach(m -> out.addAll(AmountMentions.in(m, assets)));
        return out;
    }

    /** Contacts of the address book the user named (whole words, any case). */
    public List<Contact> contactsNamed() {
        List<Contact> out = new ArrayList<>();
        for (Contact c : addressBook.contacts()) {
            Pattern name = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(c.key()).replace(" ", "\\E\\s+\\Q") + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (messages.stream().anyMatch(m -> name.matcher(m).find())) {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether the user wrote {@code host} (as a host name or inside a URL). */
    public boolean mentionsHost(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        Pattern p = Pattern.compile("(?<![\\w.-])" + Pattern.quote(host.toLowerCase(Locale.ROOT)) + "(?![\\w-])");
        return messages.stream().anyMatch(m -> p.matcher(m.toLowerCase(Locale.ROOT)).find());
    }

    private List<String> all(Pattern pattern, boolean lowerCase) {
        List<String> out = new ArrayList<>();
        for (String m : messages) {
            Matcher x = pattern.matcher(lowerCase ? m.toLowerCase(Locale.ROOT) : m);
            while (x.find()) {
                out.add(x.group());
            }
        }
        return out;
    }
}
