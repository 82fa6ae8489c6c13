package dev.bursar.examples.dao;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a proposal's calls say they do, decoded against the functions governance proposals use most (ERC-20 transfers
 * and allowances, ownership, UUPS/1967 upgrades, Governor settings). Words for people; the vote rests on what the
 * simulation measured, never on this or on the description.
 */
public final class CallDecoder {

    private static final BigInteger UNLIMITED = BigInteger.TWO.pow(255);

    /** Selector → signature and argument kinds: a = address, u = uint. */
    private static final Map<String, List<String>> KNOWN = Map.ofEntries(
            Map.entry("0xa9059cbb", List.of("transfer", "to:a", "amount:u")),
            Map.entry("0x095ea7b3", List.of("approve", "spender:a", "amount:u")),
            Map.entry("0x23b872dd", List.of("transferFrom", "from:a", "to:a", "amount:u")),
            Map.entry("0x40c10f19", List.of("mint", "to:a", "amount:u")),
            Map.entry("0xf2fde38b", List.of("transferOwnership", "newOwner:a")),
            Map.entry("0x3659cfe6", List.of("upgradeTo", "implementation:a")),
            Map.entry("0x4f1ef286", List.of("upgradeToAndCall", "implementation:a")),
            Map.entry("0xe540d01d", List.of("setVotingPeriod", "blocks:u")),
            Map.entry("0x79051887", List.of("setVotingDelay", "blocks:u")),
            Map.entry("0xece40cc1", List.of("setProposalThreshold", "votes:u")),
            Map.entry("0x06f3f9e6", List.of("updateQuorumNumerator", "percent:u")));

    /** One call in words, such as {@code transfer(to=0x…, amount=100000000) on 0x5FbD…}. */
    public String describe(EvmAddress target, BigInteger value, String calldata) {
        String data = calldata == null ? "0x" : calldata.toLowerCase(Locale.ROOT);
        String sends = value.signum() > 0 ? " sending " + value + " wei" : "";
        if (data.length() < 10) {
            return (value.signum() > 0 ? "send " + value + " wei to " : "an empty call to ") + target.value();
        }
        String selector = data.substring(0, 10);
        List<String> known = KNOWN.get(selector);
        if (known == null) {
            return "unknown function " + selector + " (" + (data.length() - 10) / 2 + " bytes of arguments) on " + target.value() + sends;
        }
        StringBuilder out = new StringBuilder(known.get(0)).append('(');
        String args = data.substring(10);
        for (int i = 1; i < known.size(); i++) {
            String[] arg = known.get(i).split(":");
            int from = (i - 1) * 64;
            if (args.length() < from + 64) {
                return known.get(0) + " with malformed arguments on " + target.value() + sends;
            }
            String word = args.substring(from, from + 64);
            out.append(i > 1 ? ", " : "").append(arg[0]).append('=');
            if (arg[1].equals("a")) {
                out.append(EvmAddress.of("0x" + word.substring(24)).value());
            } else {
                BigInteger n = new BigInteger(word, 16);
                out.append(n.compareTo(UNLIMITED) >= 0 ? "unlimited" : n.toString());
            }
        }
        return out.append(") on ").append(target.value()).append(sends).toString();
    }

    /** Every call of {@code proposal}, in order. */
    public List<String> describe(Proposal proposal) {
        return java.util.stream.IntStream.range(0, proposal.targets().size())
                .mapToObj(i -> "call " + (i + 1) + ": " + describe(proposal.targets().get(i), proposal.values().get(i), proposal.calldatas().get(i)))
                .toList();
    }
}
