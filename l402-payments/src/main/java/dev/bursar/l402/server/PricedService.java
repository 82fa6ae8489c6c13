package dev.bursar.l402.server;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A service sold behind L402: its name (as in the {@code services=name:tier} caveat), tier, capabilities, price in
 * satoshis and how long a token stays valid (zero: no expiry).
 */
public record PricedService(String name, int tier, List<String> capabilities, long priceSats, Duration validity) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public PricedService {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("service name must be lower-case letters, digits, '_' or '-', got '" + name + "'");
        }
        if (priceSats <= 0) {
            throw new IllegalArgumentException("the price of " + name + " must be at least 1 sat");
        }
        capabilities = List.copyOf(capabilities);
        if (validity == null || validity.isNegative()) {
            throw new IllegalArgumentException("validity must be zero (none) or positive");
        }
    }
}
