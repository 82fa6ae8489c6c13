package dev.bursar.examples.dao;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.List;

/**
 * A Governor proposal as its {@code ProposalCreated} event states it, with a short local number (1, 2, 3... in the order
 * they were created) so people can talk about it: on-chain proposal ids are 256-bit hashes.
 */
public record Proposal(int number, BigInteger id, EvmAddress proposer, List<EvmAddress> targets, List<BigInteger> values,
                       List<String> calldatas, String description, long voteStart, long voteEnd) {

    public Proposal {
        targets = List.copyOf(targets);
        values = List.copyOf(values);
        calldatas = List.copyOf(calldatas);
    }

    /** The first line of the description, as a title. */
    public String title() {
        String first = description.strip().lines().findFirst().orElse("");
        return first.startsWith("#") ? first.replaceFirst("^#+\\s*", "") : first;
    }
}
