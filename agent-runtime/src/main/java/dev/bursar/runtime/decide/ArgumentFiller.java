package dev.bursar.runtime.decide;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fills a built-in tool's arguments from the slots of the user's message, or writes the question that gets what is
 * missing. A payment's recipient and amount come only from what the user wrote; when there is none, or more than
 * one, the user is asked, never guessed for.
 */
final class ArgumentFiller {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger MSAT_PER_SAT = BigInteger.valueOf(1000);

    private final List<Asset> assets;

    ArgumentFiller(List<Asset> assets) {
        this.assets = List.copyOf(assets);
    }

    /** Whether code knows how to fill {@code tool}. */
    static boolean fills(String tool) {
        return switch (tool) {
            case "get_balance", "get_address", "send_payment", "create_invoice", "pay_invoice", "payment_status", "spend_history",
                 "check_contract", "paid_fetch" -> true;
            default -> false;
        };
    }

    ToolDecision fill(String tool, TurnSlots s) {
        ObjectNode args = JSON.createObjectNode();
        return switch (tool) {
            case "get_balance" -> {
                s.asset().ifPresent(a -> args.put("asset", a.symbol()));
                yield call(tool, args);
            }
            case "get_address", "spend_history" -> call(tool, args);
            case "send_payment" -> send(s, args);
            case "create_invoice" -> createInvoice(s, args);
            case "pay_invoice" -> one(s.invoices(), "Which Lightning invoice should I pay (paste the whole lnbc… invoice)?",
                    "invoice", tool, args, "You pasted more than one invoice; which one should I pay?");
            case "payment_status" -> one(s.paymentIds(), "Which payment do you mean (its id: your spend history lists them)?",
                    "payment_id", tool, args, "You gave more than one payment id; which one should I look up?");
            case "paid_fetch" -> one(s.urls(), "Which URL should I fetch (the full address, starting with http:// or https://)?",
                    "url", tool, args, "You gave more than one URL; which one should I fetch?");
            case "check_contract" -> {
                if (s.addresses().isEmpty() && !s.badChecksums().isEmpty()) {
                    yield new ToolDecision.Ask(badChecksum(s));
                }
                yield one(s.addresses().stream().map(a -> a.value()).toList(),
                        "Which contract should I check (its full 0x address)?", "address", tool, args,
                        "You gave more than one address; which contract should I check?");
            }
            default -> throw new IllegalArgumentException("no filler for " + tool);
        };
    }

    private ToolDecision send(TurnSlots s, ObjectNode args) {
        List<TurnSlots.Recipient> to = s.recipients();
        if (to.isEmpty()) {
            return new ToolDecision.Ask(missingRecipient(s));
        }
        if (to.size() > 1) {
            return new ToolDecision.Ask("You named more than one recipient (" + to.stream().map(TurnSlots.Recipient::argument)
                    .collect(Collectors.joining(", ")) + "); who should I pay?");
        }
        List<Amount> amounts = s.evmAmounts();
        if (amounts.isEmpty()) {
            return new ToolDecision.Ask(missingAmount(s));
        }
        if (amounts.size() > 1) {
            return new ToolDecision.Ask("You wrote more than one amount (" + amounts.stream().map(Amount::toString)
                    .collect(Collectors.joining(", ")) + "); how much should I send?");
        }
        if (amounts.getFirst().isZero()) {
            return new ToolDecision.Ask("A payment of zero moves nothing; how much should I send?");
        }
        args.put("to", to.getFirst().argument());
        args.put("amount", amounts.getFirst().toString());
        return call("send_payment", args);
    }

    private String missingRecipient(TurnSlots s) {
        if (!s.badChecksums().isEmpty()) {
            return badChecksum(s);
        }
        if (!s.ensNames().isEmpty()) {
            return "I can't resolve ENS names like " + s.ensNames().getFirst() + " on this chain. What is the full 0x address?";
        }
        if (!s.abbreviated().isEmpty()) {
            return s.abbreviated().getFirst() + " is shortened, and I only pay a full address I was given. What is the whole 0x address?";
        }
        if (!s.unknownNames().isEmpty()) {
            return "I don't know who " + s.unknownNames().getFirst() + " is: nobody by that name is in your address book. "
                    + "What is their full 0x address (or add them to your address book)?";
        }
        return "Who should I pay: a contact from your address book, or a full 0x address?";
    }

    private static String badChecksum(TurnSlots s) {
        return "The address " + s.badChecksums().getFirst() + " fails its checksum, so it may be mistyped. Can you check it and send it again?";
    }

    private String missingAmount(TurnSlots s) {
        String units = assets.stream().filter(a -> !(a instanceof Asset.LightningBitcoin)).map(Asset::symbol)
                .collect(Collectors.joining(" or "));
        if (!s.bareNumbers().isEmpty()) {
            return "Is that " + s.bareNumbers().getFirst() + " " + units.replace(" or ", " or " + s.bareNumbers().getFirst() + " ")
                    + "? Tell me which unit you mean.";
        }
        if (!s.lightningAmounts().isEmpty()) {
            return "Sats travel over Lightning: to pay someone in sats, paste their invoice. Or how much " + units + " should I send?";
        }
        return "How much should I send, and in which asset (" + units + ")?";
    }

    private ToolDecision createInvoice(TurnSlots s, ObjectNode args) {
        List<Amount> sats = s.lightningAmounts();
        if (sats.size() > 1) {
            return new ToolDecision.Ask("You wrote more than one amount; how many sats should the invoice ask for?");
        }
        if (sats.size() == 1) {
            BigInteger[] whole = sats.getFirst().units().divideAndRemainder(MSAT_PER_SAT);
            if (whole[1].signum() != 0 || whole[0].signum() <= 0) {
                return new ToolDecision.Ask("An invoice asks for a whole number of sats, at least 1; how many sats should it be for?");
            }
            args.put("amount_sat", whole[0].longValueExact());
            return call("create_invoice", args);
        }
        // receiving is not spending: a bare whole number on an invoice request means sats
        List<String> whole = s.bareNumbers().stream().filter(n -> n.matches("[1-9][0-9]{0,15}")).toList();
        if (whole.size() == 1 && s.evmAmounts().isEmpty()) {
            args.put("amount_sat", Long.parseLong(whole.getFirst()));
            return call("create_invoice", args);
        }
        return new ToolDecision.Ask("How many sats should the invoice ask for?");
    }

    private static ToolDecision one(List<String> values, String missing, String field, String tool, ObjectNode args, String several) {
        if (values.isEmpty()) {
            return new ToolDecision.Ask(missing);
        }
        if (values.size() > 1) {
            return new ToolDecision.Ask(several);
        }
        args.put(field, values.getFirst());
        return call(tool, args);
    }

    private static ToolDecision call(String tool, ObjectNode args) {
        return new ToolDecision.Call(tool, args.toString());
    }
}
