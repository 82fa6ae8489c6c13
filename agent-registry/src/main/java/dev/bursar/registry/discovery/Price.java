package dev.bursar.registry.discovery;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A price an agent asks for one skill (our {@code bursar:prices} extension of the registration file): an integer
 * amount in the token's base units and the ERC-20 token's address. Never a decimal: the file cannot be trusted to say
 * how many decimals a token has, so prices compare only within the same token.
 */
public record Price(BigInteger amount, EvmAddress token) {

    public Price {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(token, "token");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a price is not negative, got " + amount);
        }
    }

    /** Whether this price is in {@code max}'s token and at most its amount. */
    public boolean atMost(Price max) {
        return token.equals(max.token()) && amount.compareTo(max.amount()) <= 0;
    }

    @Override
    public String toString() {
        return amount + " base units of " + token;
    }
}
