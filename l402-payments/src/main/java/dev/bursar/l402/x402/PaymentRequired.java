package dev.bursar.l402.x402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An x402 402 answer as the client reads it: v2 from the {@code PAYMENT-REQUIRED} header (base64 JSON), v1 from the
 * body ({@code x402Version: 1}, {@code accepts}). Each requirement keeps the JSON it was offered in, because the v2
 * payment must echo the accepted one verbatim.
 */
public record PaymentRequired(int version, Optional<String> error, Optional<JsonNode> resource, List<Requirement> accepts) {

    /** The v2 header carrying the challenge. */
    public static final String HEADER = "PAYMENT-REQUIRED";
    /** v1 network names of EVM chains (the v1 specification names networks, v2 uses CAIP-2 {@code eip155:<id>}). */
    private static final Map<String, Long> V1_NETWORKS = Map.of("base", 8453L, "base-sepolia", 84532L, "avalanche", 43114L,
            "avalanche-fuji", 43113L, "polygon", 137L, "polygon-amoy", 80002L, "iotex", 4689L, "sei", 1329L, "sei-testnet", 1328L);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CHALLENGE_BYTES = 64 * 1024;

    /**
     * One way to pay: scheme, network, amount in the asset's base units, asset (token contract), payee, how long the
     * payment may take, scheme extras ({@code name}, {@code version} of the EIP-712 domain) and the JSON as offered.
     */
    public record Requirement(String scheme, String network, BigInteger amount, String asset, String payTo, long maxTimeoutSeconds,
                              JsonNode extra, ObjectNode offered) {

        /** The EVM chain this requirement pays on, if its network names one ({@code eip155:<id>}, or a v1 name). */
        public OptionalLong chainId() {
            if (network.startsWith("eip155:")) {
                try {
                    return OptionalLong.of(Long.parseLong(network.substring("eip155:".length())));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
            Long v1 = V1_NETWORKS.get(network);
            return v1 == null ? OptionalLong.empty() : OptionalLong.of(v1);
        }
    }

    /** Whether {@code response} carries an x402 challenge of either version (checked without parsing it fully). */
    public static boolean presentIn(HttpResponse<byte[]> response) {
        if (response.headers().firstValue(HEADER).isPresent()) {
            return true;
        }
        byte[] body = response.body();
        return body != null && body.length > 0 && body.length <= MAX_CHALLENGE_BYTES
                && new String(body, StandardCharsets.UTF_8).contains("\"x402Version\"");
    }

    /**
     * Reads the challenge of a 402 answer: the v2 header if present, else a v1 body.
     *
     * @throws X402FormatException for malformed base64 or JSON, a missing field, or no challenge at all
     */
    public static PaymentRequired from(HttpResponse<byte[]> response) {
        Optional<String> header = response.headers().firstValue(HEADER);
        JsonNode root;
        if (header.isPresent()) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(header.get().strip());
            } catch (IllegalArgumentException e) {
                throw new X402FormatException("the " + HEADER + " header is not base64; nothing was paid");
            }
            root = parse(decoded, HEADER + " header");
        } else {
            byte[] body = response.body();
            if (body == null || body.length == 0 || body.length > MAX_CHALLENGE_BYTES) {
                throw new X402FormatException("the 402 answer carries no x402 challenge; nothing was paid");
            }
            root = parse(body, "402 body");
        }
        return of(root);
    }

    static PaymentRequired of(JsonNode root) {
        if (!root.isObject() || !root.path("x402Version").canConvertToInt()) {
            throw new X402FormatException("the x402 challenge has no x402Version; nothing was paid");
        }
        int version = root.get("x402Version").asInt();
        if (version != 1 && version != 2) {
            throw new X402FormatException("x402 version " + version + " is not supported (1 and 2 are); nothing was paid");
        }
        JsonNode accepts = root.path("accepts");
        if (!accepts.isArray() || accepts.isEmpty()) {
            throw new X402FormatException("the x402 challenge offers no way to pay (empty accepts); nothing was paid");
        }
        List<Requirement> requirements = new ArrayList<>();
        for (JsonNode r : accepts) {
            requirements.add(requirement(r, version));
        }
        Optional<String> error = root.hasNonNull("error") ? Optional.of(root.get("error").asText()) : Optional.empty();
        Optional<JsonNode> resource = root.hasNonNull("resource") ? Optional.of(root.get("resource")) : Optional.empty();
        return new PaymentRequired(version, error, resource, List.copyOf(requirements));
    }

    private static Requirement requirement(JsonNode r, int version) {
        if (!r.isObject()) {
            throw new X402FormatException("an x402 requirement is not a JSON object; nothing was paid");
        }
        String amountField = version == 1 ? "maxAmountRequired" : "amount";
        String amountText = text(r, amountField);
        BigInteger amount;
        try {
            amount = new BigInteger(amountText);
        } catch (NumberFormatException e) {
            throw new X402FormatException("the x402 requirement's " + amountField + " '" + abbreviate(amountText)
                    + "' is not an integer of base units; nothing was paid");
        }
        if (amount.signum() <= 0) {
            throw new X402FormatException("the x402 requirement's " + amountField + " must be positive, got " + amount + "; nothing was paid");
        }
        JsonNode timeout = r.path("maxTimeoutSeconds");
        if (!timeout.canConvertToLong() || timeout.asLong() <= 0) {
            throw new X402FormatException("the x402 requirement's maxTimeoutSeconds must be a positive number; nothing was paid");
        }
        return new Requirement(text(r, "scheme"), text(r, "network"), amount, text(r, "asset"), text(r, "payTo"), timeout.asLong(),
                r.path("extra"), ((ObjectNode) r).deepCopy());
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new X402FormatException("the x402 requirement has no " + field + "; nothing was paid");
        }
        return v.asText();
    }

    private static JsonNode parse(byte[] json, String where) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new X402FormatException("the " + where + " is not valid JSON; nothing was paid");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
