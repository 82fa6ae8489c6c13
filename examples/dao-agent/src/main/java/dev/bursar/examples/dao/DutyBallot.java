package dev.bursar.examples.dao;

import dev.bursar.tools.OwnerDuties;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Votes and delegates as the owner's duty inside the Bursar runtime: the agent's definition declares a duty allowing
 * {@code castVoteWithReason} on the Governor and {@code delegate} on the token, and this plugin makes only those calls
 * through it (guarded wallet, journal, fees, approval if the duty asks for it or the vote carries more weight than the
 * owner's limit, {@link WeightApproval}). A vote's journal key is its proposal id,
 * so a proposal is voted on once whatever retries or restarts happen.
 */
public final class DutyBallot implements Ballot {

    private final OwnerDuties duties;
    private final String duty;
    private final EvmAddress governor;
    private final EvmAddress token;
    private final Optional<WeightApproval> weightApproval;

    /** @param weightApproval the owner's limit on the weight a vote may carry without a person, if any */
    public DutyBallot(OwnerDuties duties, String duty, EvmAddress governor, EvmAddress token, Optional<WeightApproval> weightApproval) {
        this.duties = duties;
        this.duty = duty;
        this.governor = governor;
        this.token = token;
        this.weightApproval = weightApproval;
    }

    @Override
    public EvmAddress account() {
        return duties.account();
    }

    @Override
    public Cast delegateToSelf() {
        String data = FunctionEncoder.encode(new Function("delegate", List.of(new Address(account().value())), List.of()));
        return cast(duties.call(duty, "delegate", token, data, "delegate DAO votes to self"));
    }

    @Override
    public Optional<EntryState> voteState(BigInteger proposalId) {
        return duties.status(duty, voteKey(proposalId)).map(SpendResult::state);
    }

    @Override
    public Cast vote(BigInteger proposalId, VoteChoice choice, String reason) {
        return cast(duties.call(duty, voteKey(proposalId), governor, GovernanceVoter.castVoteWithReason(proposalId, choice, reason),
                "vote " + choice + " on proposal " + String.format("%064x", proposalId).substring(0, 8),
                weightApproval.flatMap(w -> w.askPerson(account(), proposalId))));
    }

    /** The vote's work key: the proposal id (a 256-bit hash, at most 64 hex digits). */
    private static String voteKey(BigInteger proposalId) {
        return "vote-" + proposalId.toString(16);
    }

    private static Cast cast(SpendResult result) {
        EntryState state = result.state();
        return switch (state) {
            case SUCCEEDED -> new Cast.Sent(result.outcome().map(PaymentOutcome::reference).orElseThrow());
            case AWAITING_APPROVAL -> new Cast.Held(result.entryId(), result.message());
            default -> throw new GovernanceException("the guarded wallet did not send it (journal entry " + result.entryId() + ", "
                    + state + "): " + result.message());
        };
    }
}
