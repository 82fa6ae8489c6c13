package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the amounts a person wrote in free text, each with its unit: "0.01 ETH", "0.01 eth", "10k sats", "1,500 sat",
 * "five dUSD", "twenty-five thousand sats". A number without a unit, or with a unit none of the known assets has, is
 * not an amount, nor is a negative one ("-5 ETH", "minus five dUSD"). Exact: every amount is parsed into integer base
 * units, never through a double.
 */
public final class AmountMentions {

    private static final Map<String, String> ALIASES = Map.of(
            "ether", "eth", "satoshi", "sat", "satoshis", "sat", "sats", "sat", "msats", "msat");
    private static final Map<String, Integer> SMALL = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9),
            Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13),
            Map.entry("fourteen", 14), Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
            Map.entry("eighteen", 18), Map.entry("nineteen", 19), Map.entry("twenty", 20), Map.entry("thirty", 30),
            Map.entry("forty", 40), Map.entry("fifty", 50), Map.entry("sixty", 60), Map.entry("seventy", 70),
            Map.entry("eighty", 80), Map.entry("ninety", 90));
    private static final Pattern DIGITS = Pattern.compile(
            "(?<![\\w.,])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)(k|m)?\\s?([a-z][a-z0-9]*)\\b");
    /** Text ending in a word that makes the number after it negative ("minus 3 dUSD", "negative five sats"). */
    private static final Pattern NEGATED = Pattern.compile("\\b(?:minus|negative)\\s*$");
    private static final Pattern TOKEN_SPLIT = Pattern.compile("[\\s-]+");

    private AmountMentions() {
    }

    /** Every amount of one of {@code assets} written in {@code text}, in order of appearance. */
    public static List<Amount> in(String text, Collection<? extends Asset> assets) {
        List<Amount> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String lower = text.toLowerCase(Locale.ROOT).replace('\u00a0', ' ');
        Matcher d = DIGITS.matcher(hasDigit(lower) ? lower : "");
        while (d.find()) {
            if (lower.startsWith("-", Math.max(0, d.start() - 1)) && d.start() > 0 || NEGATED.matcher(lower).region(0, d.start()).find()) {
                continue; // "-5 ETH", "minus 5 ETH": not an amount anyone can send
            }
            BigDecimal number = new BigDecimal(d.group(1).replace(",", ""));
            if (d.group(2) != null) {
                number = number.multiply(d.group(2).equals("k") ? BigDecimal.valueOf(1_000) : BigDecimal.valueOf(1_000_000));
            }
            add(out, number, d.group(3), assets);
        }
        numberWords(lower, assets, out);
        return out;
    }

    private static void add(List<Amount> out, BigDecimal number, String unitWord, Collection<? extends Asset> assets) {
        String unit = ALIASES.getOrDefault(unitWord, unitWord);
        for (Asset asset : assets) {
            if (asset.denominations().containsKey(unit)) {
                try {
                    out.add(Amount.parse(number.stripTrailingZeros().toPlainString() + " " + unit, List.of(asset)));
                } catch (InvalidInputException e) {
                    // more decimals than the asset allows: not an amount that can be paid, so it grounds nothing
                }
            }
        }
    }

    /**
     * Runs of number words directly followed by a unit ("twenty-five thousand sats"), found with one pass over the
     * words of the text (a regex alternation of every number word at every position costs ten times more).
     */
    private static void numberWords(String lower, Collection<? extends Asset> assets, List<Amount> out) {
        String[] tokens = TOKEN_SPLIT.split(lower);
        int i = 0;
        while (i < tokens.length) {
            if (!isNumberWord(tokens[i])) {
                i++;
                continue;
            }
            int end = i;
            while (end < tokens.length && isNumberWord(tokens[end])) {
                end++;
            }
            if (end < tokens.length && !(i > 0 && (tokens[i - 1].equals("minus") || tokens[i - 1].equals("negative")))) {
                String unit = withoutTrailingPunctuation(tokens[end]);
                if (!unit.isEmpty() && Character.isLetter(unit.charAt(0))) {
                    words(java.util.Arrays.copyOfRange(tokens, i, end)).ifPresent(n -> add(out, BigDecimal.valueOf(n), unit, assets));
                }
            }
            i = end;
        }
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String withoutTrailingPunctuation(String token) {
        int end = token.length();
        while (end > 0 && !Character.isLetterOrDigit(token.charAt(end - 1))) {
            end--;
        }
        return token.substring(0, end);
    }

    private static boolean isNumberWord(String token) {
        return SMALL.containsKey(token) || token.equals("hundred") || token.equals("thousand") || token.equals("a") || token.equals("and");
    }

    /** "twenty-five thousand" → 25000; empty for a run of words that is not a number ("a", "and"). */
    private static java.util.Optional<Long> words(String[] parts) {
        long total = 0;
        long current = 0;
        boolean any = false;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            switch (p) {
                case "and" -> {
                }
                case "a" -> {
                    boolean multiplier = i + 1 < parts.length && (parts[i + 1].equals("hundred") || parts[i + 1].equals("thousand"));
                    if (!multiplier) {
                        total = 0;
                        current = 0;
                        any = false; // "a" before a unit is an article, not a number
                    } else {
                        current += 1;
                    }
                }
                case "hundred" -> {
                    current = Math.max(current, 1) * 100;
                    any = true;
                }
                case "thousand" -> {
                    total += Math.max(current, 1) * 1000;
                    current = 0;
                    any = true;
                }
                default -> {
                    current += SMALL.get(p);
                    any = true;
                }
            }
        }
        return any ? java.util.Optional.of(total + current) : java.util.Optional.empty();
    }
}
