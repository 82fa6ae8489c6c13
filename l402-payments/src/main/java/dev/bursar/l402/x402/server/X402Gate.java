package dev.bursar.l402.x402.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.wallet.WalletException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The seller's x402 decision for one request, independent of any HTTP stack: without a payment, a 402 with the
 * offer in {@code PAYMENT-REQUIRED}; with one ({@code PAYMENT-SIGNATURE}, or v1's {@code X-PAYMENT}), verify it and
 * settle it through the facilitator, and only then pass the request with the settlement receipt for
 * {@code PAYMENT-RESPONSE}. A payment that does not match the offer, fails verification or does not settle is a 402
 * again with the reason; an unreachable facilitator is a 503.
 */
public final class X402Gate {

    private static final System.Logger LOG = System.getLogger(X402Gate.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAYMENT_HEADER = 16 * 1024;

    private final Facilitator facilitator;

    public X402Gate(Facilitator facilitator) {
        this.facilitator = facilitator;
    }

    /** What to do with a request. */
    public sealed interface Decision {
        /** Serve the request; send {@code paymentResponse} (base64 JSON) as {@code PAYMENT-RESPONSE}. */
        record Pass(String paymentResponse, String payer, String transaction) implements Decision {
        }

        /** Answer 402 with {@code paymentRequired} (base64 JSON) as {@code PAYMENT-REQUIRED} and this message. */
        record Challenge(String paymentRequired, String message) implements Decision {
        }

        /** Answer 503: the facilitator cannot be reached, so nothing was verified or settled. */
        record Unavailable(String message) implements Decision {
        }
    }

    /**
     * Decides on a request for {@code resourceUrl} sold at {@code offer}, carrying {@code paymentHeader} (the value of
     * {@code PAYMENT-SIGNATURE} or {@code X-PAYMENT}), if any.
     */
    public Decision check(X402Offer offer, String resourceUrl, Optional<String> paymentHeader) {
        if (paymentHeader.isEmpty() || paymentHeader.get().isBlank()) {
            return challenge(offer, resourceUrl, "Payment required");
        }
        JsonNode payload;
        try {
            if (paymentHeader.get().length() > MAX_PAYMENT_HEADER) {
                return challenge(offer, resourceUrl, "the payment header is longer than " + MAX_PAYMENT_HEADER + " characters");
            }
            payload = JSON.readTree(Base64.getDecoder().decode(paymentHeader.get().strip()));
        } catch (IllegalArgumentException | IOException e) {
            return challenge(offer, resourceUrl, "the payment header is not base64 JSON");
        }
        if (payload == null || !payload.isObject()) {
            return challenge(offer, resourceUrl, "the payment header is not a JSON object");
        }
        int version = payload.path("x402Version").asInt(0);
        JsonNode requirement = offer.requirementAsSent();
        if (version == 2) {
            if (!requirement.equals(payload.path("accepted"))) {
                return challenge(offer, resourceUrl, "the payment accepts requirements this server did not offer");
            }
        } else if (version == 1) {
            if (!"exact".equals(payload.path("scheme").asText()) || !offer.network().equals(payload.path("network").asText())) {
                return challenge(offer, resourceUrl, "the payment is for scheme " + payload.path("scheme").asText() + " on "
                        + payload.path("network").asText() + ", not exact on " + offer.network());
            }
        } else {
            return challenge(offer, resourceUrl, "x402 version " + version + " is not supported (1 and 2 are)");
        }
        try {
            JsonNode verified = facilitator.verify(version, payload, requirement);
            if (!verified.path("isValid").asBoolean(false)) {
                String reason = verified.path("invalidReason").asText(verified.path("error").asText("invalid payment"));
                LOG.log(Level.INFO, "x402 verify refused: {0}", reason);
                return challenge(offer, resourceUrl, "payment verification failed: " + reason);
            }
            JsonNode settled = facilitator.settle(version, payload, requirement);
            if (!settled.path("success").asBoolean(false)) {
                String reason = settled.path("errorReason").asText(settled.path("error").asText("settlement failed"));
                LOG.log(Level.WARNING, "x402 settle failed: {0}", reason);
                return challenge(offer, resourceUrl, "payment settlement failed: " + reason);
            }
            String receipt = Base64.getEncoder().encodeToString(settled.toString().getBytes(StandardCharsets.UTF_8));
            LOG.log(Level.INFO, "x402 settled payer={0} transaction={1}", settled.path("payer").asText(), settled.path("transaction").asText());
            return new Decision.Pass(receipt, settled.path("payer").asText(""), settled.path("transaction").asText(""));
        } catch (WalletException e) {
            LOG.log(Level.WARNING, "x402 facilitator unavailable: {0}", e.getMessage());
            return new Decision.Unavailable("the payment facilitator cannot be reached right now; nothing was charged, try again later");
        }
    }

    private static Decision challenge(X402Offer offer, String resourceUrl, String error) {
        ObjectNode required = JSON.createObjectNode();
        required.put("x402Version", 2);
        required.put("error", error);
        required.putObject("resource").put("url", resourceUrl);
        required.putArray("accepts").add(offer.requirement());
        return new Decision.Challenge(Base64.getEncoder().encodeToString(required.toString().getBytes(StandardCharsets.UTF_8)), error);
    }

    /** The payment header of a request: v2's {@code PAYMENT-SIGNATURE}, else v1's {@code X-PAYMENT}. */
    public static Optional<String> paymentHeader(List<String> signature, List<String> v1) {
        if (signature != null && !signature.isEmpty()) {
            return Optional.of(signature.get(0));
        }
        return v1 == null || v1.isEmpty() ? Optional.empty() : Optional.of(v1.get(0));
    }
}
