package dev.bursar.l402.jaxrs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Prices by request path from configuration, like Aperture's {@code pathregexp} + {@code price}: an ordered table of
 * regular expressions over the whole path (such as {@code ^/api/reports/annual$}), the first match wins.
 */
public final class L402PathPricing {

    private record Rule(Pattern path, long sats) {
    }

    private final List<Rule> rules;

    private L402PathPricing(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No path prices: every request pays the annotation's or the service's price. */
    public static L402PathPricing none() {
        return new L402PathPricing(List.of());
    }

    /**
     * A table from {@code pathRegexToSats} in its iteration order (pass a {@link java.util.LinkedHashMap} when rules
     * overlap).
     *
     * @throws IllegalArgumentException for an invalid regular expression or a price below 1 sat, naming the rule
     */
    public static L402PathPricing of(Map<String, Long> pathRegexToSats) {
        List<Rule> rules = new ArrayList<>();
        pathRegexToSats.forEach((regex, sats) -> rules.add(rule(regex, sats)));
        return new L402PathPricing(rules);
    }

    /** This table with one more rule, tried after the existing ones. */
    public L402PathPricing and(String pathRegex, long sats) {
        List<Rule> more = new ArrayList<>(rules);
        more.add(rule(pathRegex, sats));
        return new L402PathPricing(more);
    }

    /** The first rule matching the whole of {@code path} (its regular expression and price), if any. */
    public record Match(String rule, long sats) {
    }

    /** The price of the first rule matching the whole of {@code path}, if any. */
    public OptionalLong priceFor(String path) {
        return match(path).map(m -> OptionalLong.of(m.sats())).orElse(OptionalLong.empty());
    }

    /** The first rule matching the whole of {@code path}, if any: a token sold under it carries the rule as its path scope. */
    public Optional<Match> match(String path) {
        for (Rule r : rules) {
            if (r.path().matcher(path).matches()) {
                return Optional.of(new Match(r.path().pattern(), r.sats()));
            }
        }
        return Optional.empty();
    }

    private static Rule rule(String regex, Long sats) {
        if (sats == null || sats < 1) {
            throw new IllegalArgumentException("the L402 path price for '" + regex + "' must be at least 1 sat, got " + sats);
        }
        try {
            return new Rule(Pattern.compile(regex), sats);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("the L402 path price rule '" + regex + "' is not a valid regular expression: " + e.getDescription(), e);
        }
    }
}
