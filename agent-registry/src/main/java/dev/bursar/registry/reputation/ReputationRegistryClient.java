package dev.bursar.registry.reputation;

import dev.bursar.registry.ContractError;
import dev.bursar.registry.ContractGateway;
import dev.bursar.registry.RegistryException;
import dev.bursar.registry.SentTransaction;
import dev.bursar.registry.TransactionSender;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int128;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;

import java.math.BigInteger;
import java.util.List;

/**
 * Client of an ERC-8004 reputation registry: the sender rates agents (never its own: the registry refuses feedback
 * from an agent's owner or operators), revokes its ratings, and reads entries and summaries over clients it trusts.
 */
public final class ReputationRegistryClient {

    static final List<ContractError> ERRORS = List.of(
            new ContractError("AgentNotFound(uint256)", "no agent has this id in the identity registry; check the agent id"),
            new ContractError("SelfFeedbackNotAllowed(uint256,address)", "an agent's owner and operators cannot rate it;"
                    + " feedback must come from a client's own account"),
            new ContractError("ValueDecimalsTooLarge(uint8)", "use at most 18 decimals"),
            new ContractError("ValueOutOfRange(int128)", "the value must be within ±1e38"),
            new ContractError("FeedbackNotFound(uint256,address,uint64)", "this client has no feedback with that index for the agent"),
            new ContractError("FeedbackAlreadyRevoked(uint256,address,uint64)", "the feedback is revoked already"),
            new ContractError("EmptyResponseURI()", "a response needs a URI"),
            new ContractError("EmptyClientList()", "name the clients whose feedback you trust: an unfiltered summary is open to Sybil"
                    + " ratings"),
            new ContractError("ZeroIdentityRegistry()", "a reputation registry must be deployed with its identity registry's address"));

    private static final Event NEW_FEEDBACK = new Event("NewFeedback", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Address>(true) { }, new TypeReference<Uint64>() { },
            new TypeReference<Int128>() { }, new TypeReference<Uint8>() { }, new TypeReference<Utf8String>(true) { },
            new TypeReference<Utf8String>() { }, new TypeReference<Utf8String>() { }, new TypeReference<Utf8String>() { },
            new TypeReference<Utf8String>() { }, new TypeReference<Bytes32>() { }));

    private final ContractGateway registry;

    /** The registry's calls that move no value, for a policy's {@code declareCalls}: giving and revoking feedback. */
    public static final List<String> VALUE_NEUTRAL_CALLS = List.of(
            org.web3j.crypto.Hash.sha3String("giveFeedback(uint256,int128,uint8,string,string,string,string,bytes32)").substring(0, 10),
            org.web3j.crypto.Hash.sha3String("revokeFeedback(uint256,uint64)").substring(0, 10));

    public ReputationRegistryClient(Web3j web3j, EvmAddress registry, TransactionSender sender) {
        this.registry = new ContractGateway(web3j, registry, sender, "ReputationRegistry", ERRORS);
    }

    public EvmAddress address() {
        return registry.contract();
    }

    /**
     * Rates agent {@code agentId} from the sender's account; returns the entry's index among the sender's feedback for
     * that agent (1, 2, ...).
     *
     * @param feedbackHash keccak-256 of the off-chain feedback file (32 bytes; all zero when there is none)
     */
    public long giveFeedback(BigInteger agentId, FeedbackValue value, String tag1, String tag2, String endpoint, String feedbackUri,
                             byte[] feedbackHash) {
        if (feedbackHash == null || feedbackHash.length != 32) {
            throw new InvalidInputException("the feedback hash must be 32 bytes (keccak-256 of the feedback file, or zeros)");
        }
        SentTransaction tx = registry.send(new Function("giveFeedback", List.of(new Uint256(agentId), new Int128(value.value()),
                new Uint8(value.decimals()), new Utf8String(text(tag1)), new Utf8String(text(tag2)), new Utf8String(text(endpoint)),
                new Utf8String(text(feedbackUri)), new Bytes32(feedbackHash)), List.of()), "rate agent " + agentId);
        return feedbackIndexIn(tx);
    }

    /** Revokes the sender's feedback {@code index} on agent {@code agentId}. */
    public SentTransaction revokeFeedback(BigInteger agentId, long index) {
        return registry.send(new Function("revokeFeedback", List.of(new Uint256(agentId), new Uint64(index)), List.of()),
                "revoke feedback " + index + " on agent " + agentId);
    }

    /** The entry index a giveFeedback transaction created. */
    @SuppressWarnings("rawtypes")
    public long feedbackIndexIn(SentTransaction tx) {
        String topic = EventEncoder.encode(NEW_FEEDBACK);
        for (Log log : tx.logs()) {
            if (log.getAddress().equalsIgnoreCase(registry.contract().value()) && log.getTopics().get(0).equalsIgnoreCase(topic)) {
                List<Type> data = FunctionReturnDecoder.decode(log.getData(), NEW_FEEDBACK.getNonIndexedParameters());
                return ((BigInteger) data.get(0).getValue()).longValueExact();
            }
        }
        throw new RegistryException("transaction " + tx.hash() + " left no feedback in " + registry.contract() + " (no NewFeedback event)");
    }

    @SuppressWarnings("rawtypes")
    public Feedback readFeedback(BigInteger agentId, EvmAddress client, long index) {
        List<Type> out = registry.read(new Function("readFeedback", List.of(new Uint256(agentId), new Address(client.lowerCase()),
                new Uint64(index)), List.of(new TypeReference<Int128>() { }, new TypeReference<Uint8>() { },
                new TypeReference<Utf8String>() { }, new TypeReference<Utf8String>() { }, new TypeReference<Bool>() { })));
        FeedbackValue value = new FeedbackValue((BigInteger) out.get(0).getValue(), ((BigInteger) out.get(1).getValue()).intValueExact());
        return new Feedback(agentId, client, index, value, (String) out.get(2).getValue(), (String) out.get(3).getValue(),
                (Boolean) out.get(4).getValue());
    }

    /**
     * Summary of the non-revoked feedback that {@code trustedClients} gave the agent, filtered by tags ("" for any).
     * The list must not be empty: whose ratings count is the caller's decision, never "everyone's".
     */
    @SuppressWarnings("rawtypes")
    public FeedbackSummary summary(BigInteger agentId, List<EvmAddress> trustedClients, String tag1, String tag2) {
        if (trustedClients.isEmpty()) {
            throw new InvalidInputException("name at least one client whose feedback you trust (for example the clients that paid"
                    + " the agent through the escrow); an unfiltered summary is open to Sybil ratings");
        }
        List<Address> clients = trustedClients.stream().map(a -> new Address(a.lowerCase())).toList();
        List<Type> out = registry.read(new Function("getSummary", List.of(new Uint256(agentId), new DynamicArray<>(Address.class, clients),
                new Utf8String(text(tag1)), new Utf8String(text(tag2))), List.of(new TypeReference<Uint64>() { },
                new TypeReference<Int128>() { }, new TypeReference<Uint8>() { })));
        return new FeedbackSummary(((BigInteger) out.get(0).getValue()).longValueExact(),
                new FeedbackValue((BigInteger) out.get(1).getValue(), ((BigInteger) out.get(2).getValue()).intValueExact()));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
