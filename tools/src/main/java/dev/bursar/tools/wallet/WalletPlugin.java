package dev.bursar.tools.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.BursarTool;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolCall;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.binding.Contact;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.lightning.DecodedInvoice;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The built-in wallet tools: balance, address, send a payment (ETH or an ERC-20), create and pay Lightning invoices,
 * payment status and spend history. Every spend goes through the agent's guarded operations ({@link dev.bursar.tools.AgentWallet}),
 * bound to the user's own words; amounts travel as exact decimal
 * strings with their unit ("0.01 ETH", "1500 sat"), never as floating-point numbers.
 */
public final class WalletPlugin implements BursarPlugin {

    public static final String ID = "wallet";

    // Exact shapes, so a grammar-constrained local model writes a whole address and stops (Java still validates).
    private static final JsonRawSchema RECIPIENT = JsonRawSchema.from("""
            {"type": "string", "description": "the recipient: a full 0x address, or a contact's name", "minLength": 1, "maxLength": 42,
             "pattern": "^(0x[0-9a-fA-F]{40}|[A-Za-z][A-Za-z0-9 ._-]{0,41})$"}""");
    private static final JsonRawSchema AMOUNT = JsonRawSchema.from("""
            {"type": "string", "description": "the amount with its unit, such as '0.01 ETH' or '12.5 dUSD'",
             "minLength": 3, "maxLength": 32, "pattern": "^[0-9]+(\\\\.[0-9]+)? ?[A-Za-z]+$"}""");
    private static final JsonRawSchema PURPOSE = JsonRawSchema.from("""
            {"type": "string", "description": "why, in a few words", "maxLength": 80}""");
    private static final JsonRawSchema INVOICE = JsonRawSchema.from("""
            {"type": "string", "description": "the BOLT11 invoice", "minLength": 20, "maxLength": 2000,
             "pattern": "^(lightning:)?[lL][nN][a-zA-Z0-9]+$"}""");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public java.util.Set<Permission> permissions() {
        return java.util.Set.of(Permission.WALLET_READ, Permission.WALLET_SPEND, Permission.WALLET_RECEIVE);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<BursarTool> tools(AgentContext context) {
        List<String> symbols = context.assets().stream().map(Asset::symbol).distinct().toList();
        return List.of(
                tool("get_balance", "Get the agent's spendable balance of one asset, or of every asset when none is named.",
                        JsonObjectSchema.builder().addEnumProperty("asset", symbols, "the asset symbol; leave it out for every asset")
                                .additionalProperties(false).build(),
                        Set.of(Permission.WALLET_READ), call -> balance(context, call)),
                tool("get_address", "Get the agent's own receiving addresses (EVM address, Lightning node key).",
                        JsonObjectSchema.builder().additionalProperties(false).build(),
                        Set.of(Permission.WALLET_READ), call -> addresses(context)),
                tool("send_payment", "Send ETH or a token to an EVM address. Policy may deny it or ask the owner to approve.",
                        JsonObjectSchema.builder()
                                .addProperty("to", RECIPIENT)
                                .addProperty("amount", AMOUNT)
                                .addProperty("purpose", PURPOSE)
                                .required("to", "amount").additionalProperties(false).build(),
                        Set.of(Permission.WALLET_SPEND), call -> send(context, call)),
                tool("create_invoice", "Create a Lightning invoice to receive a payment.",
                        JsonObjectSchema.builder()
                                .addIntegerProperty("amount_sat", "the amount in satoshis")
                                .addStringProperty("memo", "what the payment is for")
                                .required("amount_sat").additionalProperties(false).build(),
                        Set.of(Permission.WALLET_RECEIVE), call -> createInvoice(context, call)),
                tool("pay_invoice", "Pay a Lightning invoice (lnbc.../lnbcrt...). Policy may deny it or ask the owner to approve.",
                        JsonObjectSchema.builder().addProperty("invoice", INVOICE).required("invoice")
                                .additionalProperties(false).build(),
                        Set.of(Permission.WALLET_SPEND), call -> payInvoice(context, call)),
                tool("payment_status", "Get the status of an earlier payment by its id.",
                        JsonObjectSchema.builder().addStringProperty("payment_id", "the id a payment tool returned")
                                .required("payment_id").additionalProperties(false).build(),
                        Set.of(Permission.WALLET_READ), call -> result(context.wallet().status(call.arguments().get("payment_id").asText()))),
                tool("spend_history", "List the agent's recent payments, newest first, with their state.",
                        JsonObjectSchema.builder().addIntegerProperty("limit", "how many payments to list (1 to 50, default 10)")
                                .additionalProperties(false).build(),
                        Set.of(Permission.WALLET_READ), call -> history(context, call)));
    }

    /** 21 million bitcoin in satoshis: no invoice can ask for more. */
    private static final long MAX_INVOICE_SAT = 2_100_000_000_000_000L;


    private static String balance(AgentContext context, ToolCall call) {
        if (!call.arguments().hasNonNull("asset") && context.assets().size() != 1) {
            return allBalances(context);
        }
        String symbol = call.arguments().hasNonNull("asset") ? call.arguments().get("asset").asText() : context.assets().getFirst().symbol();
        Asset asset = context.assets().stream().filter(a -> a.symbol().equals(symbol)).findFirst()
                .orElseThrow(() -> new InvalidInputException("this agent holds no " + symbol));
        Amount balance = context.wallet().balance(asset);
        ObjectNode out = JSON.createObjectNode();
        out.put("asset", symbol);
        out.put("balance", balance.toString());
        out.put("summary", "Your " + symbol + " balance is " + balance + ".");
        return out.toString();
    }

    private static String allBalances(AgentContext context) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode balances = out.putObject("balances");
        List<String> parts = new java.util.ArrayList<>();
        for (Asset asset : context.assets()) {
            Amount balance = context.wallet().balance(asset);
            balances.put(asset.symbol(), balance.toString());
            parts.add(balance.toString());
        }
        out.put("summary", "Your balances: " + String.join(", ", parts) + ".");
        return out.toString();
    }

    private static String history(AgentContext context, ToolCall call) {
        JsonNode limitArg = call.arguments().get("limit");
        if (limitArg != null && (!limitArg.isIntegralNumber() || limitArg.asLong() < 1 || limitArg.asLong() > 50)) {
            throw new InvalidInputException("limit must be a whole number from 1 to 50");
        }
        int limit = limitArg == null ? 10 : limitArg.asInt();
        ObjectNode out = JSON.createObjectNode();
        var list = out.putArray("payments");
        StringBuilder summary = new StringBuilder();
        for (LedgerEntry e : context.wallet().history(limit)) {
            list.addObject().put("payment_id", e.id()).put("amount", e.intent().amount().toString())
                    .put("to", e.recipient()).put("status", e.state().name()).put("created_at", e.createdAt().toString());
            summary.append("\n- ").append(e.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(' ')
                    .append(e.intent().amount()).append(" to ").append(e.recipient()).append(": ").append(e.state().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" (").append(e.id()).append(')');
        }
        out.put("summary", list.isEmpty() ? "You have made no payments yet." : "Your recent payments:" + summary);
        return out.toString();
    }

    private static String addresses(AgentContext context) {
        ObjectNode out = JSON.createObjectNode();
        context.wallet().evmAddress().ifPresent(a -> out.put("evm", a.value()));
        context.wallet().lightningNode().ifPresent(n -> out.put("lightning_node", n));
        StringBuilder summary = new StringBuilder("Your addresses:");
        if (out.has("evm")) {
            summary.append(" EVM ").append(out.get("evm").asText()).append('.');
        }
        if (out.has("lightning_node")) {
            summary.append(" Lightning node ").append(out.get("lightning_node").asText()).append('.');
        }
        out.put("summary", summary.toString());
        return out.toString();
    }

    private static String send(AgentContext context, ToolCall call) {
        EvmAddress to = recipient(context, call, call.arguments().get("to").asText().strip());
        List<Asset> evmAssets = context.assets().stream().filter(a -> !(a instanceof Asset.LightningBitcoin)).toList();
        Amount amount = Amount.parse(call.arguments().get("amount").asText(), evmAssets);
        String purpose = call.arguments().path("purpose").asText("");
        return result(context.wallet().send(call, to, amount, purpose));
    }

    /** A full 0x address, or a contact of the owner's address book; a name nothing here can resolve is an error, never a guess. */
    private static EvmAddress recipient(AgentContext context, ToolCall call, String to) {
        if (to.startsWith("0x") || to.startsWith("0X")) {
            return EvmAddress.of(to);
        }
        if (to.toLowerCase(java.util.Locale.ROOT).endsWith(".eth")) {
            throw new InvalidInputException("'" + to + "' is an ENS name, and this chain has no ENS to resolve it; write the full 0x address,"
                    + " or add it to your address book");
        }
        return context.wallet().contact(call, to).map(Contact::address)
                .orElseThrow(() -> new InvalidInputException("no contact named '" + to + "' is in your address book; write the full 0x"
                        + " address or add the contact first"));
    }

    private static String createInvoice(AgentContext context, ToolCall call) {
        JsonNode sats = call.arguments().get("amount_sat");
        if (!sats.isIntegralNumber() || !sats.canConvertToLong() || sats.asLong() < 1 || sats.asLong() > MAX_INVOICE_SAT) {
            throw new InvalidInputException("amount_sat must be a whole number of satoshis from 1 to " + MAX_INVOICE_SAT
                    + "; no invoice was created");
        }
        Asset btc = context.assets().stream().filter(Asset.LightningBitcoin.class::isInstance).findFirst()
                .orElseThrow(() -> new InvalidInputException("this agent has no Lightning wallet"));
        DecodedInvoice invoice = context.wallet().createInvoice(Amount.ofUnits(btc, java.math.BigInteger.valueOf(sats.asLong())
                .multiply(java.math.BigInteger.valueOf(1000))), call.arguments().path("memo").asText(""), Duration.ofHours(1));
        ObjectNode out = JSON.createObjectNode();
        out.put("invoice", invoice.bolt11());
        out.put("amount", invoice.amount().toString());
        out.put("expires_at", invoice.expiresAt().toString());
        out.put("summary", "Here is an invoice for " + invoice.amount() + ": " + invoice.bolt11());
        return out.toString();
    }

    private static String payInvoice(AgentContext context, ToolCall call) {
        DecodedInvoice invoice = context.wallet().decodeInvoice(call.arguments().get("invoice").asText());
        return result(context.wallet().payInvoice(call, invoice));
    }

    private static String result(SpendResult r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("payment_id", r.entryId());
        out.put("status", r.state().name());
        out.put("message", r.message());
        r.outcome().ifPresent(o -> out.put("reference", o.reference()));
        r.approvalExpiresAt().ifPresent(t -> out.put("approval_expires_at", t.toString()));
        out.put("summary", switch (r.state()) {
            case SUCCEEDED -> "Done: " + r.message() + ".";
            case AWAITING_APPROVAL -> "This payment needs your approval (payment " + r.entryId() + "): " + r.message() + ".";
            case DENIED -> "I did not make this payment: " + r.message() + ". Tell me exactly what to pay, to whom and how much.";
            default -> "Payment " + r.entryId() + ": " + r.message() + ".";
        });
        return out.toString();
    }

    private static BursarTool tool(String name, String description, JsonObjectSchema params, Set<Permission> permissions,
                                   Function<ToolCall, String> body) {
        return BursarTool.of(ToolSpecification.builder().name(name).description(description).parameters(params).build(),
                permissions, body);
    }
}
