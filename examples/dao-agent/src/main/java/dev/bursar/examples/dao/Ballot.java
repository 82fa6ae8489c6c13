package dev.bursar.examples.dao;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;

/**
 * How the agent's votes and its delegation reach the chain: each a transaction of the agent's guarded wallet (fees,
 * journal, approval), never a raw signer. {@link GovernanceVoter} sends them as a library user wires it; {@link DutyBallot}
 * as the owner's duty inside the Bursar runtime.
 */
public interface Ballot {

    /** What became of one vote or delegation. */
    sealed interface Cast {
        /** Sent and mined: its transaction. */
        record Sent(String txHash) implements Cast {
        }

        /** Held for a person's approval (journal entry {@code entryId}); it is sent once approved. */
        record Held(String entryId, String why) implements Cast {
        }
    }

    /** The account whose votes these are. */
    EvmAddress account();

    /** Delegates the account's tokens to itself, so its balance counts as votes from the next block on. */
    Cast delegateToSelf();

    /** Casts {@code choice} on {@code proposalId} with {@code reason} stored on chain; once per proposal. */
    Cast vote(BigInteger proposalId, VoteChoice choice, String reason);

    /**
     * The journal state of the vote on {@code proposalId} (a held one approved, rejected or still waiting), when this
     * ballot can tell.
     */
    default java.util.Optional<dev.bursar.wallet.journal.EntryState> voteState(BigInteger proposalId) {
        return java.util.Optional.empty();
    }
}
