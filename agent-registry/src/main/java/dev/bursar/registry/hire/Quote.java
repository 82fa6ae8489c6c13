package dev.bursar.registry.hire;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A provider's price for one task: {@code amount} base units of the ERC-20 {@code token}, paid through {@code escrow} on
 * {@code chainId} to {@code payTo}, valid until {@code validUntil}. The hirer pays no more than this, and only to the
 * wallet the identity registry names for the agent, whatever the quote says.
 */
public record Quote(String skill, BigInteger amount, EvmAddress token, EvmAddress payTo, EvmAddress escrow, long chainId,
                    Instant validUntil) {

    public Quote {
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(payTo, "payTo");
        Objects.requireNonNull(escrow, "escrow");
        Objects.requireNonNull(validUntil, "validUntil");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a quote's amount is positive, got " + amount);
        }
    }

    /** The quote as the data of an A2A answer. */
    public Map<String, Object> toData() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("skill", skill);
        q.put("amount", amount.toString());
        q.put("token", token.value());
        q.put("payTo", payTo.value());
        q.put("escrow", escrow.value());
        q.put("chainId", Long.toString(chainId));
        q.put("validUntil", Long.toString(validUntil.getEpochSecond()));
        return Map.of(HireProtocol.QUOTE_DATA, q);
    }

    /** Reads a quote from an A2A answer's data; anything missing or malformed is a {@link HireException}. */
    public static Quote fromData(Map<String, Object> data, String provider) {
        if (!(data.get(HireProtocol.QUOTE_DATA) instanceof Map<?, ?> q)) {
            throw new HireException(provider + " answered the quote request without a '" + HireProtocol.QUOTE_DATA + "' object");
        }
        try {
            return new Quote(text(q, "skill"), new BigInteger(text(q, "amount")), EvmAddress.of(text(q, "token")),
                    EvmAddress.of(text(q, "payTo")), EvmAddress.of(text(q, "escrow")), Long.parseLong(text(q, "chainId")),
                    Instant.ofEpochSecond(Long.parseLong(text(q, "validUntil"))));
        } catch (RuntimeException e) {
            throw new HireException(provider + "'s quote is malformed (" + e.getMessage() + "); nothing was paid", e);
        }
    }

    private static String text(Map<?, ?> q, String field) {
        Object v = q.get(field);
        if (v == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v.toString();
    }
}
