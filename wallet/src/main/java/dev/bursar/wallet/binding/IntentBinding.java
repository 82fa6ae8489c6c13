package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.value.EvmAddress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The check that a payment is the one the user asked for (docs/security.md has the table): a transfer's recipient is a
 * full, checksum-valid address the user wrote or a contact the user named, and its asset and amount are exactly an
 * amount the user wrote; an invoice is one the user pasted; an API purchase is for a host the user asked for. Nothing
 * a persona, a tool result, a fetched page or another agent wrote counts.
 */
public final class IntentBinding {

    private final Collection<? extends Asset> assets;

    /** @param assets every asset the agent holds, so that "5 ETH" is recognized when the proposal says dUSD */
    public IntentBinding(Collection<? extends Asset> assets) {
        this.assets = List.copyOf(assets);
    }

    public BindingResult check(List<ProposedSpend> spends, Grounding grounding) {
        return switch (grounding) {
            case Grounding.None n -> new BindingResult.Ungrounded("nothing the user wrote grounds this payment");
            case Grounding.PaidFetch f -> spends.stream().allMatch(s -> s instanceof ProposedSpend.Invoice || s instanceof ProposedSpend.SignedTransfer)
                    ? new BindingResult.Grounded("an API purchase from " + f.host() + ", which the user asked for")
                    : new BindingResult.Ungrounded("a paid fetch of " + f.host() + " may only pay that service's invoice or sign its x402 authorization");
            case Grounding.Conversation c -> checkWords(spends, c.words());
            case Grounding.Hire h -> checkHire(spends, h);
            case Grounding.OwnerDuty d -> spends.stream().allMatch(sp -> sp instanceof ProposedSpend.DeclaredCall c && d.contracts().contains(c.contract()))
                    ? new BindingResult.Grounded(d.duty() + ", a value-neutral call the owner declared")
                    : new BindingResult.Ungrounded(d.duty() + " may only make the calls the owner declared value-neutral on "
                            + d.contracts() + "; the agent proposed " + spends.stream().map(IntentBinding::describe).toList());
        };
    }

    private BindingResult checkHire(List<ProposedSpend> spends, Grounding.Hire hire) {
        Set<Asset> known = new LinkedHashSet<>(assets);
        known.add(hire.budget().asset());
        if (!hire.words().amounts(known).contains(hire.budget())) {
            return new BindingResult.Ungrounded("you did not write the budget " + hire.budget() + " for this job");
        }
        for (ProposedSpend spend : spends) {
            boolean fits = switch (spend) {
                case ProposedSpend.Allowance a -> hire.contracts().contains(a.spender()) && a.amount().asset().equals(hire.budget().asset())
                        && a.amount().units().compareTo(hire.budget().units()) <= 0;
                case ProposedSpend.DeclaredCall d -> hire.contracts().contains(d.contract());
                default -> false;
            };
            if (!fits) {
                return new BindingResult.Ungrounded("a job may only fund the configured escrow with at most the budget you wrote ("
                        + hire.budget() + ") and make its declared calls; the agent proposed " + describe(spend));
            }
        }
        return new BindingResult.Grounded("a job you asked for, within the budget " + hire.budget() + " you wrote");
    }

    private static String describe(ProposedSpend spend) {
        return switch (spend) {
            case ProposedSpend.Transfer t -> "a transfer of " + t.amount() + " to " + t.to();
            case ProposedSpend.Allowance a -> "an allowance of " + a.amount() + " to " + a.spender();
            case ProposedSpend.SignedTransfer t -> "a signed transfer of " + t.amount() + " to " + t.to();
            case ProposedSpend.Invoice i -> "an invoice of " + i.amount();
            case ProposedSpend.DeclaredCall d -> "a call to " + d.contract();
            case ProposedSpend.OpaqueCall o -> "an unreadable call to " + o.contract() + " (" + o.selector() + ")";
            case ProposedSpend.UnknownToken u -> "a move of the unknown token " + u.contract();
        };
    }

    private BindingResult checkWords(List<ProposedSpend> spends, UserWords words) {
        List<String> problems = new ArrayList<>();
        List<String> grounds = new ArrayList<>();
        for (ProposedSpend spend : spends) {
            switch (spend) {
                case ProposedSpend.Transfer t -> {
                    recipient(t.to(), words, problems, grounds);
                    amount(t.amount(), words, problems, grounds);
                }
                case ProposedSpend.SignedTransfer t -> {
                    recipient(t.to(), words, problems, grounds);
                    amount(t.amount(), words, problems, grounds);
                }
                case ProposedSpend.Allowance a -> {
                    recipient(a.spender(), words, problems, grounds);
                    amount(a.amount(), words, problems, grounds);
                }
                case ProposedSpend.Invoice i -> {
                    if (words.invoices().contains(i.bolt11())) {
                        grounds.add("the invoice the user pasted");
                    } else {
                        problems.add("you did not paste this invoice (" + abbreviate(i.bolt11()) + ") in this conversation; "
                                + "an invoice found in a page or a tool result is never paid");
                    }
                }
                case ProposedSpend.OpaqueCall o -> recipient(o.contract(), words, problems, grounds);
                case ProposedSpend.DeclaredCall d -> recipient(d.contract(), words, problems, grounds);
                case ProposedSpend.UnknownToken u -> problems.add("the call data moves the token at " + u.contract()
                        + " (" + u.function() + "), which no spending limit names");
            }
        }
        return problems.isEmpty()
                ? new BindingResult.Grounded(String.join("; ", new LinkedHashSet<>(grounds)))
                : new BindingResult.Ungrounded(String.join("; ", new LinkedHashSet<>(problems)));
    }

    private static void recipient(EvmAddress to, UserWords words, List<String> problems, List<String> grounds) {
        if (words.addresses().contains(to)) {
            grounds.add("recipient " + to + " written by the user");
            return;
        }
        for (Contact c : words.contactsNamed()) {
            if (c.address().equals(to)) {
                grounds.add("recipient '" + c.name() + "' from the address book");
                return;
            }
        }
        StringBuilder why = new StringBuilder("you did not write the recipient " + to + " in this conversation, and no contact you named has it");
        List<String> ens = words.ensNames();
        if (!ens.isEmpty()) {
            why.append("; ").append(ens.getFirst()).append(" is a name this chain cannot resolve (no ENS here): write the full 0x address or add a contact");
        }
        if (!words.abbreviatedAddresses().isEmpty()) {
            why.append("; an abbreviated address like ").append(words.abbreviatedAddresses().getFirst())
                    .append(" never grounds a payment: write the full address");
        }
        if (!words.badChecksums().isEmpty()) {
            why.append("; the address ").append(words.badChecksums().getFirst()).append(" you wrote fails its EIP-55 checksum (mistyped?)");
        }
        problems.add(why.toString());
    }

    private void amount(Amount proposed, UserWords words, List<String> problems, List<String> grounds) {
        Set<Asset> known = new LinkedHashSet<>(assets);
        known.add(proposed.asset());
        List<Amount> written = words.amounts(known);
        if (written.contains(proposed)) {
            grounds.add("amount " + proposed + " written by the user");
            return;
        }
        if (written.isEmpty()) {
            problems.add("you did not write an amount with its unit; the agent proposed " + proposed);
        } else {
            problems.add("you wrote " + written.stream().map(Amount::toString).distinct().collect(Collectors.joining(" / "))
                    + "; the agent proposed " + proposed);
        }
    }

    private static String abbreviate(String bolt11) {
        return bolt11.length() <= 24 ? bolt11 : bolt11.substring(0, 16) + "…" + bolt11.substring(bolt11.length() - 6);
    }
}
