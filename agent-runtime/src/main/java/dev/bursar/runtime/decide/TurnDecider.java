package dev.bursar.runtime.decide;

import dev.bursar.wallet.Asset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides what a user turn comes to from its slots and the tools' ranking: an object only one tool takes (an invoice
 * to pay, a URL, a payment id) picks that tool; otherwise the closest tool wins when it is clearly ahead, and the
 * model chooses among the close ones. A spend on a message that sets the agent's rules aside is refused; a chosen
 * built-in tool is filled by code ({@link ArgumentFiller}).
 */
public final class TurnDecider {

    /** Tools that move the agent's money. */
    static final Set<String> SPENDS = Set.of("send_payment", "pay_invoice");
    private static final Pattern MAKE_INVOICE = Pattern.compile("\\b(?:create|make|generate|issue|new|receive|request)\\b");
    static final String OVERRIDE_REFUSAL = "I won't move money on a message that asks me to set my rules aside: my limits and "
            + "approvals stay as your owner set them. If you want to pay someone, ask me plainly, with the recipient and the amount.";

    /** How much a tool's score rises when the message holds every slot it needs. */
    static final double SLOT_AFFINITY = 0.15;

    private final ArgumentFiller filler;
    private final double margin;
    private final int maxCandidates;

    /**
     * @param margin how close (in cosine similarity) a runner-up must be to the best tool for the model to choose
     * @param maxCandidates the most candidates the model chooses among
     */
    public TurnDecider(List<Asset> assets, double margin, int maxCandidates) {
        this.filler = new ArgumentFiller(assets);
        this.margin = margin;
        this.maxCandidates = maxCandidates;
    }

    /** The decision for a message with {@code slots}, ranked by the preselector among the {@code available} tools. */
    public ToolDecision decide(TurnSlots slots, List<ToolPreselector.Scored> ranking, Set<String> available) {
        String forced = forcedBySlots(slots, available);
        if (forced != null) {
            return after(forced, slots, available);
        }
        ranking = withSlotAffinity(ranking, slots);
        double top = ranking.getFirst().score();
        List<String> close = new ArrayList<>();
        for (ToolPreselector.Scored s : ranking) {
            if (close.size() < maxCandidates && top - s.score() <= margin) {
                close.add(s.tool());
            }
        }
        if (close.size() == 1) {
            return after(close.getFirst(), slots, available);
        }
        return new ToolDecision.Choose(List.copyOf(close));
    }

    /** The decision once {@code tool} (or {@link ToolPreselector#ANSWER}) is chosen. */
    public ToolDecision after(String tool, TurnSlots slots, Set<String> available) {
        if (ToolPreselector.GREET.equals(tool)) {
            return new ToolDecision.Ask(introduction(available));
        }
        if (ToolPreselector.ANSWER.equals(tool) || !available.contains(tool)) {
            return new ToolDecision.Answer();
        }
        if (SPENDS.contains(tool) && slots.overridesRules()) {
            return new ToolDecision.Ask(OVERRIDE_REFUSAL);
        }
        return ArgumentFiller.fills(tool) ? filler.fill(tool, slots) : new ToolDecision.Delegate(tool);
    }

    /**
     * The ranking with each tool's affinity to what the message holds: a recipient and an amount are what a send
     * needs, so a message that names both leans to it by {@link #SLOT_AFFINITY}; a message that gives an address or
     * names a contact is not asking for the agent's own address, so it leans away from that by as much.
     */
    private static List<ToolPreselector.Scored> withSlotAffinity(List<ToolPreselector.Scored> ranking, TurnSlots s) {
        boolean sendable = !s.recipients().isEmpty() && !s.evmAmounts().isEmpty();
        boolean givesAddress = !s.recipients().isEmpty() || !s.badChecksums().isEmpty() || !s.abbreviated().isEmpty();
        List<ToolPreselector.Scored> out = new ArrayList<>();
        for (ToolPreselector.Scored sc : ranking) {
            double score = sc.score();
            if (sendable && sc.tool().equals("send_payment")) {
                score += SLOT_AFFINITY;
            }
            if (givesAddress && sc.tool().equals("get_address")) {
                score -= SLOT_AFFINITY;
            }
            out.add(new ToolPreselector.Scored(sc.tool(), score));
        }
        out.sort(java.util.Comparator.comparingDouble(ToolPreselector.Scored::score).reversed());
        return out;
    }

    /** What the agent says to a greeting: what its tools let it do, written by code from the tools it has. */
    static String introduction(Set<String> tools) {
        List<String> can = new ArrayList<>();
        if (tools.contains("get_balance")) {
            can.add("tell you your balances");
        }
        if (tools.contains("get_address")) {
            can.add("show your addresses");
        }
        if (tools.contains("send_payment")) {
            can.add("send a payment you ask for");
        }
        if (tools.contains("create_invoice") || tools.contains("pay_invoice")) {
            can.add("create and pay Lightning invoices");
        }
        if (tools.contains("spend_history") || tools.contains("payment_status")) {
            can.add("look up your payments");
        }
        if (tools.contains("check_contract")) {
            can.add("check whether a contract is safe");
        }
        if (tools.contains("paid_fetch")) {
            can.add("fetch paid web pages");
        }
        String list = can.isEmpty() ? "help with your wallet"
                : can.size() == 1 ? can.getFirst() : String.join(", ", can.subList(0, can.size() - 1)) + " and " + can.getLast();
        return "Hello! I'm your wallet assistant: I can " + list + ". What would you like to do?";
    }

    private static String forcedBySlots(TurnSlots s, Set<String> available) {
        String lower = s.text().toLowerCase(Locale.ROOT);
        if (!s.invoices().isEmpty() && available.contains("pay_invoice") && !MAKE_INVOICE.matcher(lower).find()) {
            return "pay_invoice";
        }
        if (!s.urls().isEmpty() && available.contains("paid_fetch")) {
            return "paid_fetch";
        }
        if (!s.paymentIds().isEmpty() && available.contains("payment_status")) {
            return "payment_status";
        }
        return null;
    }
}
