package dev.bursar.examples.dao;

import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.registry.SentTransaction;
import dev.bursar.registry.TransactionRefusedException;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * Casts the agent's votes and delegates its tokens, each a transaction through the agent's guarded wallet: policy
 * (caps on the fee, the Governor and token allow-listed, their voting calls declared value-neutral), journal and,
 * where the policy says so, a person's approval. A vote is grounded in the DAO's mandate (an owner's duty), never in
 * a chat.
 */
public final class GovernanceVoter implements Ballot {

    /** {@code castVoteWithReason(uint256,uint8,string)}. */
    public static final String CAST_VOTE_WITH_REASON = "0x7b3c71d3";
    /** {@code delegate(address)}. */
    public static final String DELEGATE = "0x5c19a95c";

    private final GuardedTransactionSender sender;
    private final EvmAddress governor;
    private final EvmAddress token;
    private final java.util.Optional<WeightApproval> weightApproval;

    public GovernanceVoter(GuardedTransactionSender sender, EvmAddress governor, EvmAddress token) {
        this(sender, governor, token, java.util.Optional.empty());
    }

    /** @param weightApproval the owner's limit on the weight a vote may carry without a person, if any */
    public GovernanceVoter(GuardedTransactionSender sender, EvmAddress governor, EvmAddress token,
                           java.util.Optional<WeightApproval> weightApproval) {
        this.sender = sender;
        this.governor = governor;
        this.token = token;
        this.weightApproval = weightApproval;
    }

    /** Lets a policy send the agent's votes and delegation: the two contracts and their value-neutral calls. */
    public static PaymentPolicy.Builder declare(PaymentPolicy.Builder policy, EvmAddress governor, EvmAddress token) {
        return policy.allowContracts(governor, token).declareCalls(governor, CAST_VOTE_WITH_REASON).declareCalls(token, DELEGATE);
    }

    @Override
    public EvmAddress account() {
        return sender.from();
    }

    /** Delegates the agent's tokens to itself, so its balance counts as votes from the next block on. */
    @Override
    public Cast delegateToSelf() {
        String data = FunctionEncoder.encode(new Function("delegate", List.of(new Address(sender.from().value())), List.of()));
        return sent(() -> duty("dao-delegate-" + sender.from().value(), "delegate its governance tokens to itself", java.util.Optional.empty())
                .call(token, data, "delegate DAO votes to self"));
    }

    /** Casts {@code choice} on {@code proposalId} with {@code reason} stored on chain. */
    @Override
    public Cast vote(BigInteger proposalId, VoteChoice choice, String reason) {
        String data = castVoteWithReason(proposalId, choice, reason);
        java.util.Optional<String> askPerson = weightApproval.flatMap(w -> w.askPerson(account(), proposalId));
        return sent(() -> duty("dao-vote-" + proposalId.toString(16), "vote on DAO proposals by the DAO's mandate", askPerson)
                .call(governor, data, "vote " + choice + " on proposal " + String.format("%064x", proposalId).substring(0, 8)));
    }

    /** The call data of {@code castVoteWithReason(proposalId, choice, reason)}. */
    static String castVoteWithReason(BigInteger proposalId, VoteChoice choice, String reason) {
        return FunctionEncoder.encode(new Function("castVoteWithReason", List.of(new Uint256(proposalId),
                new Uint8(choice.support()), new Utf8String(reason)), List.of()));
    }

    private static Cast sent(java.util.function.Supplier<SentTransaction> send) {
        try {
            return new Cast.Sent(send.get().hash());
        } catch (TransactionRefusedException e) {
            if (e.awaitingApproval()) {
                return new Cast.Held(e.entryId(), e.getMessage());
            }
            throw e;
        }
    }

    private GuardedTransactionSender duty(String key, String what, java.util.Optional<String> askPerson) {
        return sender.forWork(key, new Grounding.OwnerDuty(what, Set.of(governor, token), askPerson));
    }
}
