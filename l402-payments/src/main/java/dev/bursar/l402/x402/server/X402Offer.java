package dev.bursar.l402.x402.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;

/**
 * What a seller asks for one request over x402's {@code exact} scheme on an EVM chain: {@code amount} base units of
 * the EIP-3009 token {@code asset} (whose EIP-712 domain is {@code tokenName} / {@code tokenVersion}) paid to
 * {@code payTo} on {@code eip155:<chainId>}, within {@code maxTimeoutSeconds}.
 */
public record X402Offer(long chainId, EvmAddress asset, String tokenName, String tokenVersion, BigInteger amount, EvmAddress payTo,
                        long maxTimeoutSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public X402Offer {
        if (chainId <= 0) {
            throw new IllegalArgumentException("an x402 offer needs a positive chain id, got " + chainId);
        }
        if (asset == null || payTo == null) {
            throw new IllegalArgumentException("an x402 offer needs the token's and the payee's addresses");
        }
        if (tokenName == null || tokenName.isBlank() || tokenVersion == null || tokenVersion.isBlank()) {
            throw new IllegalArgumentException("an x402 offer needs the token's EIP-712 name and version (as its contract states them)");
        }
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("an x402 price must be a positive number of base units, got " + amount);
        }
        if (maxTimeoutSeconds < 1) {
            throw new IllegalArgumentException("maxTimeoutSeconds must be positive, got " + maxTimeoutSeconds);
        }
    }

    /** The CAIP-2 network, {@code eip155:<chainId>}. */
    public String network() {
        return "eip155:" + chainId;
    }

    /**
     * The requirement as a client reads it back from JSON (numbers typed as a parser types them), to compare with the
     * {@code accepted} object a v2 payment echoes.
     */
    public com.fasterxml.jackson.databind.JsonNode requirementAsSent() {
        try {
            return JSON.readTree(requirement().toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an x402 requirement always reads back", e);
        }
    }

    /** This offer as an x402 v2 {@code PaymentRequirements} object. */
    public ObjectNode requirement() {
        ObjectNode r = JSON.createObjectNode();
        r.put("scheme", "exact");
        r.put("network", network());
        r.put("amount", amount.toString());
        r.put("asset", asset.value());
        r.put("payTo", payTo.value());
        r.put("maxTimeoutSeconds", maxTimeoutSeconds);
        ObjectNode extra = r.putObject("extra");
        extra.put("name", tokenName);
        extra.put("version", tokenVersion);
        return r;
    }
}
