package dev.bursar.l402.x402.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An x402 facilitator: checks a payment payload against requirements ({@code POST /verify}) and executes it on chain
 * ({@code POST /settle}). The seller never touches the buyer's funds or signs anything itself.
 */
public interface Facilitator {

    /** The facilitator's {@code VerifyResponse}: {@code isValid}, {@code invalidReason}, {@code payer}. */
    JsonNode verify(int x402Version, JsonNode paymentPayload, JsonNode paymentRequirements);

    /** The facilitator's {@code SettlementResponse}: {@code success}, {@code errorReason}, {@code transaction}, {@code network}, {@code payer}. */
    JsonNode settle(int x402Version, JsonNode paymentPayload, JsonNode paymentRequirements);
}
