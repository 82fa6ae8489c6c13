package dev.bursar.runtime.decide;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.Contact;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.value.EvmAddress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user's latest message holds that a tool argument can be filled from, read by code and never by the model:
 * full addresses, contacts of the owner's address book, amounts with their units, invoices, URLs, payment ids and the
 * asset the message is about, with the near-misses a clarifying question must name (a bad checksum, an ENS name, an
 * abbreviated address, a name nobody knows, a number without a unit). Quoted text is left out ({@link UnquotedText}).
 *
 * @param text the message with its quoted spans removed
 * @param rankingText the text as the preselector reads it: each address shortened to "0x1234", each invoice, URL and
 *        payment id replaced by what it is, and token symbols by "tokens", so forty hex digits or a made-up ticker weigh no more than the words around
 */
public record TurnSlots(String text, String rankingText, List<EvmAddress> addresses, List<Contact> contacts, List<Amount> amounts,
                        List<String> invoices, List<String> urls, List<String> paymentIds, Optional<Asset> asset,
                        List<String> badChecksums, List<String> ensNames, List<String> abbreviated,
                        List<String> unknownNames, List<String> bareNumbers, boolean overridesRules) {

    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>`]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern PAYMENT_ID = Pattern.compile(
            "(?<![0-9a-fA-F-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9a-fA-F-])");
    private static final Pattern NAME_AFTER = Pattern.compile("\\b(?:to|pay|for)\\s+([a-z][a-z0-9_-]{1,30})\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.,-])(\\d+(?:\\.\\d+)?)(k|m)?(?![\\w.])\\s?([a-z]*)");
    private static final Set<String> UNIT_WORDS = Set.of("eth", "ether", "sat", "sats", "satoshi", "satoshis", "msat", "msats", "btc",
            "bitcoin", "wei", "gwei", "usd", "dollars", "tokens", "token");
    /** Words after "to"/"pay" that are not names of anyone. */
    private static final Set<String> NOT_NAMES = Set.of("me", "my", "myself", "the", "a", "an", "this", "that", "it", "them", "him",
            "her", "us", "you", "your", "their", "his", "our", "address", "wallet", "account", "someone", "somebody", "anyone",
            "everyone", "there", "here", "what", "which", "who", "whom", "do", "be", "get", "see", "know", "check", "send", "pay",
            "receive", "make", "help", "with", "in", "on", "of", "all", "any", "some", "each", "every", "eth", "ether", "sats",
            "sat", "dusd", "btc", "bitcoin", "lightning", "invoice", "friend", "savings", "please", "now", "today", "later",
            "back", "whoever", "whatever", "free", "lunch", "dinner", "rent", "fees", "gas", "services", "work");
    /** Phrases a message uses to set the agent's rules aside: such a turn never moves money. */
    private static final Pattern OVERRIDE = Pattern.compile(
            "\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:all\\s+|any\\s+|the\\s+|your\\s+|my\\s+|previous\\s+|prior\\s+|earlier\\s+|above\\s+)*"
                    + "(?:instructions?|rules?|polic(?:y|ies)|limits?|guardrails?|restrictions?|prompts?)\\b"
                    + "|\\bdeveloper\\s+mode\\b|\\bjailbreak|\\byou\\s+are\\s+now\\b|\\bpolicy\\s+(?:is\\s+)?(?:off|disabled)\\b"
                    + "|\\bno\\s+limits\\b|\\blimits?\\s+(?:are|is)\\s+(?:off|lifted|removed|disabled)\\b",
            Pattern.CASE_INSENSITIVE);

    /** A trailing clause of circumstance ("..., before I send it anything", "... because I owe her"). */
    private static final Pattern SUBORDINATE_TAIL = Pattern.compile(
            "[,;]?\\s+(?:before|after|because|since|so\\s+that|in\\s+case|unless|until|once)\\b.*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** A leading clause of circumstance closed by a comma ("Before I buy, ..."). */
    private static final Pattern SUBORDINATE_LEAD = Pattern.compile(
            "^\\s*(?:before|after|because|since|once|when|if|in\\s+case|unless)\\b[^,.?!]*,\\s*", Pattern.CASE_INSENSITIVE);

    public TurnSlots {
        addresses = List.copyOf(addresses);
        contacts = List.copyOf(contacts);
        amounts = List.copyOf(amounts);
        invoices = List.copyOf(invoices);
        urls = List.copyOf(urls);
        paymentIds = List.copyOf(paymentIds);
        badChecksums = List.copyOf(badChecksums);
        ensNames = List.copyOf(ensNames);
        abbreviated = List.copyOf(abbreviated);
        unknownNames = List.copyOf(unknownNames);
        bareNumbers = List.copyOf(bareNumbers);
    }

    /** Reads one user message against the agent's assets and its owner's address book. */
    public static TurnSlots read(String message, List<Asset> assets, AddressBook book) {
        String text = UnquotedText.of(message);
        String withoutUrls = URL.matcher(text).replaceAll(" ");
        UserWords words = new UserWords(List.of(withoutUrls), book);
        List<String> urls = new ArrayList<>();
        Matcher u = URL.matcher(text);
        while (u.find()) {
            urls.add(u.group().replaceAll("[.,;:!?)\\]]+$", ""));
        }
        Set<String> ids = new LinkedHashSet<>();
        Matcher id = PAYMENT_ID.matcher(withoutUrls);
        while (id.find()) {
            ids.add(id.group().toLowerCase(Locale.ROOT));
        }
        List<Amount> amounts = new ArrayList<>();
        for (Amount a : words.amounts(assets)) {
            if (!amounts.contains(a)) {
                amounts.add(a);
            }
        }
        List<Contact> contacts = words.contactsNamed();
        String lower = withoutUrls.toLowerCase(Locale.ROOT);
        List<String> unknown = new ArrayList<>();
        Matcher n = NAME_AFTER.matcher(lower);
        while (n.find()) {
            String name = n.group(1);
            boolean known = contacts.stream().anyMatch(c -> c.key().equalsIgnoreCase(name))
                    || assets.stream().anyMatch(a -> a.symbol().equalsIgnoreCase(name));
            if (!known && !NOT_NAMES.contains(name) && !name.startsWith("0x") && !unknown.contains(name)) {
                unknown.add(name);
            }
        }
        String noAddresses = lower.replaceAll("0x[0-9a-f.…]+", " ").replaceAll("ln(?:bc|tb|bcrt|tbs)[0-9a-z]+", " ")
                .replaceAll(PAYMENT_ID.pattern().toLowerCase(Locale.ROOT), " ");
        List<String> bare = new ArrayList<>();
        Matcher b = NUMBER.matcher(noAddresses);
        while (b.find()) {
            String unit = b.group(3);
            if (!UNIT_WORDS.contains(unit) && assets.stream().noneMatch(a -> a.symbol().equalsIgnoreCase(unit))) {
                bare.add(b.group(1));
            }
        }
        return new TurnSlots(text, rankingText(text, assets), List.copyOf(words.addresses()), contacts, amounts, List.copyOf(words.invoices()), urls,
                List.copyOf(ids), AssetWords.in(lower, assets), words.badChecksums(), words.ensNames(), words.abbreviatedAddresses(),
                unknown, bare, OVERRIDE.matcher(text).find());
    }

    /**
     * The request itself, without a clause that only gives its circumstances: "check X before I send it anything" asks
     * for a check, "before I buy, is X legit?" for a verdict. A clause led by a subordinating word is dropped from the
     * end, or from the start when a comma closes it, as long as words of the request remain.
     */
    static String mainClause(String text) {
        String out = text;
        Matcher tail = SUBORDINATE_TAIL.matcher(out);
        if (tail.find() && words(out.substring(0, tail.start())) >= 2) {
            out = out.substring(0, tail.start());
        }
        Matcher lead = SUBORDINATE_LEAD.matcher(out);
        if (lead.find() && words(out.substring(lead.end())) >= 2) {
            out = out.substring(lead.end());
        }
        return out.strip();
    }

    private static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static String rankingText(String text, List<Asset> assets) {
        String out = URL.matcher(mainClause(text)).replaceAll("a web address");
        out = out.replaceAll("(?i)(?:lightning:)?ln(?:bc|tb|bcrt|tbs)[0-9a-z]{20,}", "a lightning invoice");
        out = PAYMENT_ID.matcher(out).replaceAll("payment id");
        out = out.replaceAll("0x[0-9a-fA-F]{40}|0x[0-9a-fA-F]{2,12}(?:…|\\.{2,3})[0-9a-fA-F]{2,12}", "0x1234");
        for (Asset a : assets) {
            if (a instanceof Asset.Erc20Token t) {
                out = out.replaceAll("(?i)(?<![\\w.])" + Pattern.quote(t.symbol()) + "(?![\\w])", "tokens");
            }
        }
        return out;
    }

    /** The amounts of assets the lightning rail does not carry. */
    public List<Amount> evmAmounts() {
        return amounts.stream().filter(a -> !(a.asset() instanceof Asset.LightningBitcoin)).toList();
    }

    /** The amounts in satoshis. */
    public List<Amount> lightningAmounts() {
        return amounts.stream().filter(a -> a.asset() instanceof Asset.LightningBitcoin).toList();
    }

    /** Everyone the message names as a recipient: full addresses and contacts, each once. */
    public List<Recipient> recipients() {
        List<Recipient> out = new ArrayList<>();
        for (EvmAddress a : addresses) {
            out.add(new Recipient(a.value(), a));
        }
        for (Contact c : contacts) {
            if (out.stream().noneMatch(r -> r.address().equals(c.address()))) {
                out.add(new Recipient(c.name(), c.address()));
            }
        }
        return out;
    }

    /** A recipient as the send tool takes it: a full address or a contact's name, with the address it stands for. */
    public record Recipient(String argument, EvmAddress address) {
    }
}
