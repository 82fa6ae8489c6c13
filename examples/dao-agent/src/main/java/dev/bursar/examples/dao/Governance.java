package dev.bursar.examples.dao;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.ranking.NodeClient;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Governor: its proposals (from {@code ProposalCreated} events), a proposal's state and tally, whether an
 * account voted, and an account's voting weight at a block. Read-only; works on any OpenZeppelin 5 Governor.
 */
public final class Governance {

    @SuppressWarnings("rawtypes")
    private static final Event PROPOSAL_CREATED = new Event("ProposalCreated", List.of(
            new TypeReference<Uint256>() { }, new TypeReference<Address>() { }, new TypeReference<DynamicArray<Address>>() { },
            new TypeReference<DynamicArray<Uint256>>() { }, new TypeReference<DynamicArray<Utf8String>>() { },
            new TypeReference<DynamicArray<DynamicBytes>>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
            new TypeReference<Utf8String>() { }));

    private final NodeClient node;
    private final EvmAddress governor;
    private final EvmAddress token;

    public Governance(NodeClient node, EvmAddress governor, EvmAddress token) {
        this.node = node;
        this.governor = governor;
        this.token = token;
    }

    public EvmAddress governor() {
        return governor;
    }

    public EvmAddress token() {
        return token;
    }

    public NodeClient node() {
        return node;
    }

    /** Every proposal since block 0, numbered 1, 2, 3... in creation order. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<Proposal> proposals() {
        JsonNode logs = node.call("eth_getLogs", Map.of("address", governor.value(), "fromBlock", "0x0", "toBlock", "latest",
                "topics", List.of(EventEncoder.encode(PROPOSAL_CREATED))));
        List<Proposal> out = new ArrayList<>();
        for (JsonNode log : logs) {
            List<Type> v = FunctionReturnDecoder.decode(log.get("data").asText(), PROPOSAL_CREATED.getNonIndexedParameters());
            List<EvmAddress> targets = ((List<Address>) v.get(2).getValue()).stream().map(a -> EvmAddress.of(a.getValue())).toList();
            List<BigInteger> values = ((List<Uint256>) v.get(3).getValue()).stream().map(Uint256::getValue).toList();
            List<String> calldatas = ((List<DynamicBytes>) v.get(5).getValue()).stream()
                    .map(b -> "0x" + HexFormat.of().formatHex(b.getValue())).toList();
            out.add(new Proposal(out.size() + 1, (BigInteger) v.get(0).getValue(), EvmAddress.of(((Address) v.get(1)).getValue()),
                    targets, values, calldatas, (String) v.get(8).getValue(), ((BigInteger) v.get(6).getValue()).longValueExact(),
                    ((BigInteger) v.get(7).getValue()).longValueExact()));
        }
        return out;
    }

    /** The proposal with local number {@code number}. */
    public Optional<Proposal> proposal(int number) {
        return proposals().stream().filter(p -> p.number() == number).findFirst();
    }

    public ProposalState state(BigInteger proposalId) {
        return ProposalState.values()[word(call(governor, "0x3e4f49e6" + uint(proposalId)), 0).intValueExact()];
    }

    /** {@code proposalVotes}: against, for, abstain. */
    public Tally tally(BigInteger proposalId) {
        String r = call(governor, "0x544ffc9c" + uint(proposalId));
        return new Tally(word(r, 0), word(r, 1), word(r, 2));
    }

    public boolean hasVoted(BigInteger proposalId, EvmAddress account) {
        return word(call(governor, "0x43859632" + uint(proposalId) + address(account)), 0).signum() != 0;
    }

    /** The block at which the proposal's voting weights are read ({@code proposalSnapshot}). */
    public long snapshot(BigInteger proposalId) {
        return word(call(governor, "0x2d63f693" + uint(proposalId)), 0).longValueExact();
    }

    /** The governance token's decimals ({@code decimals()}). */
    public int tokenDecimals() {
        return word(call(token, "0x313ce567"), 0).intValueExact();
    }

    /** The account's votes at {@code block} ({@code getVotes} on the Governor). */
    public BigInteger weight(EvmAddress account, long block) {
        return word(call(governor, "0xeb9019d4" + address(account) + uint(BigInteger.valueOf(block))), 0);
    }

    /**
     * Who executes passed proposals and so holds the treasury: the Governor's timelock ({@code timelock()}) when it has
     * one, else the Governor itself.
     */
    public EvmAddress executor() {
        NodeClient.CallResult r = node.ethCall(null, governor.value(), "0xd33219b4", "latest");
        if (r.success() && Numeric.cleanHexPrefix(r.data()).length() >= 64) {
            BigInteger word = word(r.data(), 0);
            if (word.signum() != 0) {
                return EvmAddress.of("0x" + Numeric.cleanHexPrefix(r.data()).substring(24, 64));
            }
        }
        return governor;
    }

    /** The account's delegate on the token ({@code delegates}). */
    public EvmAddress delegateOf(EvmAddress account) {
        String r = call(token, "0x587cde1e" + address(account));
        return EvmAddress.of("0x" + r.substring(26, 66));
    }

    private String call(EvmAddress to, String data) {
        NodeClient.CallResult r = node.ethCall(null, to.value(), data, "latest");
        if (!r.success()) {
            throw new GovernanceException("the Governor read " + data.substring(0, 10) + " on " + to.value() + " reverted: " + r.revertReason());
        }
        return r.data();
    }

    static BigInteger word(String hex, int index) {
        String h = Numeric.cleanHexPrefix(hex);
        return new BigInteger(h.substring(index * 64, index * 64 + 64), 16);
    }

    static String uint(BigInteger v) {
        return Numeric.toHexStringNoPrefixZeroPadded(v, 64);
    }

    static String address(EvmAddress a) {
        return "0".repeat(24) + a.value().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
