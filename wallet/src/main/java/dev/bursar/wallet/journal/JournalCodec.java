package dev.bursar.wallet.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.value.BitcoinNetwork;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Writes journal events as one-line JSON and reads them back; amounts travel as decimal strings of base units.
 */
public final class JournalCodec {

    private final ObjectMapper json = new ObjectMapper();

    public String encode(JournalEvent event) {
        ObjectNode n = json.createObjectNode();
        n.put("entry", event.entryId());
        n.put("at", event.at().toString());
        switch (event) {
            case JournalEvent.IntentDecided e -> {
                n.put("type", "intent");
                n.put("wallet", e.wallet());
                n.set("intent", intent(e.intent()));
                n.put("decision", e.decision());
                n.put("rule", e.rule());
                n.put("reason", e.reason());
                n.put("recipient", e.recipient());
                e.paymentHash().ifPresent(h -> n.put("paymentHash", h));
                e.approvalExpiresAt().ifPresent(t -> n.put("approvalExpiresAt", t.toString()));
                e.maxFee().ifPresent(f -> n.set("maxFee", amount(f)));
                com.fasterxml.jackson.databind.node.ArrayNode worst = n.putArray("worstCase");
                e.worstCase().forEach(a -> worst.add(amount(a)));
                e.service().ifPresent(s -> n.put("service", s));
            }
            case JournalEvent.ApprovalDecided e -> {
                n.put("type", "approval");
                n.put("by", e.decidedBy());
                n.put("approved", e.approved());
                n.put("reason", e.reason());
            }
            case JournalEvent.ApprovalExpired e -> n.put("type", "expired");
            case JournalEvent.Prepared e -> {
                n.put("type", "prepared");
                n.put("rail", e.payment().rail());
                n.put("reference", e.payment().reference());
                ObjectNode data = n.putObject("data");
                preparedData(e.payment()).forEach(data::put);
            }
            case JournalEvent.Outcome e -> {
                n.put("type", "outcome");
                PaymentOutcome o = e.outcome();
                n.put("status", o.status().name());
                n.put("reference", o.reference());
                o.fee().ifPresent(f -> n.set("fee", amount(f)));
                o.proof().ifPresent(p -> n.put("proof", p));
                o.failureReason().ifPresent(r -> n.put("failure", r));
            }
        }
        return n.toString();
    }

    public JournalEvent decode(String line) {
        try {
            JsonNode n = json.readTree(line);
            String entry = n.get("entry").asText();
            Instant at = Instant.parse(n.get("at").asText());
            return switch (n.get("type").asText()) {
                case "intent" -> new JournalEvent.IntentDecided(entry, at, n.get("wallet").asText(), intent(n.get("intent")),
                        n.get("decision").asText(), n.path("rule").asText(), n.path("reason").asText(),
                        n.path("recipient").asText(), optional(n, "paymentHash"),
                        optional(n, "approvalExpiresAt").map(Instant::parse),
                        n.has("maxFee") ? Optional.of(amount(n.get("maxFee"))) : Optional.empty(), worstCase(n), optional(n, "service"));
                case "approval" -> new JournalEvent.ApprovalDecided(entry, at, n.get("by").asText(), n.get("approved").asBoolean(),
                        n.path("reason").asText());
                case "expired" -> new JournalEvent.ApprovalExpired(entry, at);
                case "prepared" -> new JournalEvent.Prepared(entry, at, prepared(n));
                case "outcome" -> new JournalEvent.Outcome(entry, at, new PaymentOutcome(
                        PaymentOutcome.Status.valueOf(n.get("status").asText()), n.get("reference").asText(),
                        n.has("fee") ? Optional.of(amount(n.get("fee"))) : Optional.empty(),
                        optional(n, "proof"), optional(n, "failure")));
                default -> throw new JournalException("unknown journal event type '" + n.get("type").asText() + "'");
            };
        } catch (IOException | RuntimeException e) {
            if (e instanceof JournalException je) {
                throw je;
            }
            throw new JournalException("unreadable journal record: " + e.getMessage(), e);
        }
    }

    private ObjectNode intent(PaymentIntent intent) {
        ObjectNode n = json.createObjectNode();
        n.put("agent", intent.agentId());
        n.put("key", intent.idempotencyKey());
        n.put("purpose", intent.purpose());
        n.set("amount", amount(intent.amount()));
        ObjectNode t = n.putObject("target");
        switch (intent.target()) {
            case PaymentTarget.EvmTransfer x -> t.put("kind", "transfer").put("to", x.to().value());
            case PaymentTarget.Erc20Approval x -> t.put("kind", "approve").put("spender", x.spender().value());
            case PaymentTarget.ContractCall x -> t.put("kind", "call").put("contract", x.contract().value()).put("data", x.callData());
            case PaymentTarget.LightningInvoice x -> t.put("kind", "invoice").put("bolt11", x.bolt11());
            case PaymentTarget.TransferAuthorization x -> t.put("kind", "authorize").put("to", x.to().value())
                    .put("validForSeconds", x.validFor().toSeconds());
        }
        return n;
    }

    private PaymentIntent intent(JsonNode n) {
        JsonNode t = n.get("target");
        PaymentTarget target = switch (t.get("kind").asText()) {
            case "transfer" -> new PaymentTarget.EvmTransfer(EvmAddress.of(t.get("to").asText()));
            case "approve" -> new PaymentTarget.Erc20Approval(EvmAddress.of(t.get("spender").asText()));
            case "call" -> new PaymentTarget.ContractCall(EvmAddress.of(t.get("contract").asText()), t.get("data").asText());
            case "invoice" -> new PaymentTarget.LightningInvoice(t.get("bolt11").asText());
            case "authorize" -> new PaymentTarget.TransferAuthorization(EvmAddress.of(t.get("to").asText()),
                    java.time.Duration.ofSeconds(t.get("validForSeconds").asLong()));
            default -> throw new JournalException("unknown payment target '" + t.get("kind").asText() + "'");
        };
        return new PaymentIntent(n.get("agent").asText(), target, amount(n.get("amount")), n.path("purpose").asText(), n.get("key").asText());
    }

    private ObjectNode amount(Amount amount) {
        ObjectNode n = json.createObjectNode();
        n.put("units", amount.units().toString());
        Asset asset = amount.asset();
        switch (asset) {
            case Asset.NativeCoin c -> n.put("asset", "native").put("chainId", c.chainId()).put("symbol", c.symbol());
            case Asset.Erc20Token t -> n.put("asset", "erc20").put("chainId", t.chainId()).put("contract", t.contract().value())
                    .put("symbol", t.symbol()).put("decimals", t.decimals());
            case Asset.LightningBitcoin l -> n.put("asset", "lightning").put("network", l.network().name());
        }
        return n;
    }

    private Amount amount(JsonNode n) {
        Asset asset = switch (n.get("asset").asText()) {
            case "native" -> new Asset.NativeCoin(n.get("chainId").asLong(), n.get("symbol").asText());
            case "erc20" -> new Asset.Erc20Token(n.get("chainId").asLong(), EvmAddress.of(n.get("contract").asText()),
                    n.get("symbol").asText(), n.get("decimals").asInt());
            case "lightning" -> new Asset.LightningBitcoin(BitcoinNetwork.valueOf(n.get("network").asText()));
            default -> throw new JournalException("unknown asset kind '" + n.get("asset").asText() + "'");
        };
        return Amount.ofUnits(asset, new BigInteger(n.get("units").asText()));
    }

    /** The journaled worst case; records written before fees counted have none, and count their amount alone. */
    private java.util.List<Amount> worstCase(JsonNode n) {
        java.util.List<Amount> out = new java.util.ArrayList<>();
        n.path("worstCase").forEach(a -> out.add(amount(a)));
        return out;
    }

    /**
     * A prepared payment's rail-specific fields as the journal stores them: string values under the keys the map form
     * of {@link PreparedPayment} used, sorted, so that journals written before and after the typed form read alike.
     */
    private static Map<String, String> preparedData(PreparedPayment payment) {
        Map<String, String> data = new java.util.TreeMap<>();
        switch (payment) {
            case PreparedPayment.Evm p -> {
                data.put("rawTransaction", p.rawTransaction());
                data.put("nonce", Long.toString(p.nonce()));
                data.put("from", p.from().value());
                data.put("chainId", Long.toString(p.chainId()));
                data.put("to", p.to().value());
                data.put("value", p.value().toString());
                data.put("gasLimit", p.gasLimit().toString());
                data.put("maxFeePerGas", p.maxFeePerGas().toString());
                data.put("maxPriorityFeePerGas", p.maxPriorityFeePerGas().toString());
                data.put("asset", p.assetId());
                data.put("idempotencyKey", p.idempotencyKey());
                p.replaces().ifPresent(r -> data.put("replaces", r));
            }
            case PreparedPayment.Authorization p -> {
                data.put("chainId", Long.toString(p.chainId()));
                data.put("token", p.token().value());
                data.put("domainName", p.domainName());
                data.put("domainVersion", p.domainVersion());
                data.put("from", p.from().value());
                data.put("to", p.to().value());
                data.put("value", p.value().toString());
                data.put("validAfter", Long.toString(p.validAfter()));
                data.put("validBefore", Long.toString(p.validBefore()));
                data.put("signature", p.signature());
                data.put("asset", p.assetId());
                data.put("idempotencyKey", p.idempotencyKey());
            }
            case PreparedPayment.Lightning p -> {
                data.put("invoice", p.invoice());
                data.put("feeLimitMsat", Long.toString(p.feeLimitMsat()));
                data.put("timeoutSeconds", Long.toString(p.timeoutSeconds()));
            }
        }
        return data;
    }

    /** Reads a "prepared" record back into its rail's typed payment; a missing or malformed field is named. */
    private static PreparedPayment prepared(JsonNode n) {
        String rail = preparedText(n, "rail", "prepared payment: ");
        String reference = preparedText(n, "reference", "prepared payment: ");
        JsonNode data = n.get("data");
        if (data == null || !data.isObject()) {
            throw new JournalException("prepared payment " + reference + ": data is missing or not an object");
        }
        String where = "prepared payment " + reference + ": data.";
        try {
            return switch (rail) {
                case PreparedPayment.Evm.RAIL -> new PreparedPayment.Evm(reference, preparedText(data, "rawTransaction", where),
                        preparedLong(data, "nonce", where), preparedAddress(data, "from", where), preparedLong(data, "chainId", where),
                        preparedAddress(data, "to", where), preparedUnsigned(data, "value", where),
                        preparedUnsigned(data, "gasLimit", where), preparedUnsigned(data, "maxFeePerGas", where),
                        preparedUnsigned(data, "maxPriorityFeePerGas", where), preparedText(data, "asset", where),
                        preparedText(data, "idempotencyKey", where),
                        data.hasNonNull("replaces") ? Optional.of(preparedText(data, "replaces", where)) : Optional.empty());
                case PreparedPayment.Authorization.RAIL -> new PreparedPayment.Authorization(reference,
                        preparedLong(data, "chainId", where), preparedAddress(data, "token", where), preparedText(data, "domainName", where),
                        preparedText(data, "domainVersion", where), preparedAddress(data, "from", where), preparedAddress(data, "to", where),
                        preparedUnsigned(data, "value", where), preparedLong(data, "validAfter", where), preparedLong(data, "validBefore", where),
                        preparedText(data, "signature", where), preparedText(data, "asset", where), preparedText(data, "idempotencyKey", where));
                case PreparedPayment.Lightning.RAIL -> new PreparedPayment.Lightning(reference, preparedText(data, "invoice", where),
                        preparedLong(data, "feeLimitMsat", where), preparedLong(data, "timeoutSeconds", where));
                default -> throw new JournalException("prepared payment " + reference + ": unknown rail '" + rail + "'");
            };
        } catch (dev.bursar.wallet.InvalidInputException e) {
            throw new JournalException("prepared payment " + reference + " is malformed: " + e.getMessage(), e);
        }
    }

    private static String preparedText(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new JournalException(where + field + " is missing");
        }
        return v.asText();
    }

    private static long preparedLong(JsonNode n, String field, String where) {
        String text = preparedText(n, field, where);
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new JournalException(where + field + " is not a non-negative integer: '" + text + "'");
        }
    }

    private static BigInteger preparedUnsigned(JsonNode n, String field, String where) {
        String text = preparedText(n, field, where);
        try {
            BigInteger value = new BigInteger(text);
            if (value.signum() < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new JournalException(where + field + " is not a non-negative integer: '" + text + "'");
        }
    }

    private static EvmAddress preparedAddress(JsonNode n, String field, String where) {
        String text = preparedText(n, field, where);
        try {
            return EvmAddress.of(text);
        } catch (dev.bursar.wallet.InvalidInputException e) {
            throw new JournalException(where + field + " is not an EVM address: '" + text + "'", e);
        }
    }

    private static Optional<String> optional(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
