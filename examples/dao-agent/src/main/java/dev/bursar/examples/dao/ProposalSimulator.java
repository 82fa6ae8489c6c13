package dev.bursar.examples.dao;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.ranking.ForkLauncher;
import dev.bursar.ranking.NodeClient;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Simulates a proposal's effect before anyone votes: on a local fork of the chain (never the chain itself), it
 * impersonates the proposal's executor (the Governor, or its timelock: whoever executes passed proposals and holds the
 * treasury, see {@link Governance#executor()}), replays each of the proposal's calls in order, and measures what
 * changed: the treasury's ETH and token balances, Transfer and Approval events from the treasury, OwnershipTransferred
 * and Upgraded events, and every target's EIP-1967 implementation slot. The fork is reverted afterwards. {@code execute}
 * itself cannot be used: it reverts until the vote has passed. A timelocked Governor's calls to itself cannot be
 * replayed this way (its {@code onlyGovernance} expects a queued call): they fail, and the mandate abstains.
 */
public final class ProposalSimulator {

    static final String TRANSFER = org.web3j.abi.EventEncoder.buildEventSignature("Transfer(address,address,uint256)");
    static final String APPROVAL = org.web3j.abi.EventEncoder.buildEventSignature("Approval(address,address,uint256)");
    static final String OWNERSHIP_TRANSFERRED = org.web3j.abi.EventEncoder.buildEventSignature("OwnershipTransferred(address,address)");
    static final String UPGRADED = org.web3j.abi.EventEncoder.buildEventSignature("Upgraded(address)");
    static final String IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
    private static final BigInteger UNLIMITED = BigInteger.TWO.pow(255);

    private final NodeClient upstream;
    private final ForkLauncher forks;
    private final long chainId;
    private final EvmAddress governor;
    private final List<Asset.Erc20Token> treasuryTokens;

    /**
     * @param governor the proposals' executor and treasury ({@link Governance#executor()})
     * @param treasuryTokens the tokens whose treasury share the mandate limits (the executor's ETH always counts)
     */
    public ProposalSimulator(NodeClient upstream, ForkLauncher forks, long chainId, EvmAddress governor, List<Asset.Erc20Token> treasuryTokens) {
        this.upstream = upstream;
        this.forks = forks;
        this.chainId = chainId;
        this.governor = governor;
        this.treasuryTokens = List.copyOf(treasuryTokens);
    }

    public synchronized ProposalEffects simulate(Proposal p) {
        // simulators sharing one fork launcher (every agent of a runtime's DAO plugin) take turns: another one's replay, or a
        // reset of the fork to a new head, inside this snapshot would change what this one measures
        synchronized (forks) {
            NodeClient fork = forks.forkOf(upstream, chainId);
            return fork.exclusive(() -> {
                String snapshot = fork.call("evm_snapshot").asText();
                try {
                    return run(fork, p);
                } finally {
                    fork.call("evm_revert", snapshot);
                    fork.call("anvil_stopImpersonatingAccount", governor.value());
                }
            });
        }
    }

    private ProposalEffects run(NodeClient fork, Proposal p) {
        Map<String, BigInteger> before = holdings(fork);
        Map<EvmAddress, String> slots = new LinkedHashMap<>();
        p.targets().forEach(t -> slots.put(t, fork.getStorageAt(t.value(), IMPLEMENTATION_SLOT, "latest")));
        fork.call("anvil_impersonateAccount", governor.value());
        List<JsonNode> logs = new ArrayList<>();
        for (int i = 0; i < p.targets().size(); i++) {
            fork.call("anvil_setNextBlockBaseFeePerGas", "0x0"); // gas costs nothing, so ETH deltas are the proposal's own
            Map<String, String> tx = new LinkedHashMap<>();
            tx.put("from", governor.value());
            tx.put("to", p.targets().get(i).value());
            tx.put("value", "0x" + p.values().get(i).toString(16));
            tx.put("data", p.calldatas().get(i));
            tx.put("gasPrice", "0x0");
            tx.put("gas", "0x1c9c380"); // 30M: a proposal may do a lot
            String hash;
            try {
                hash = fork.call("eth_sendTransaction", tx).asText();
            } catch (RuntimeException e) {
                return ProposalEffects.failed("call " + (i + 1) + " to " + p.targets().get(i).value() + " was refused: " + e.getMessage());
            }
            JsonNode receipt = receipt(fork, hash);
            if (receipt == null || receipt.isNull()) {
                return ProposalEffects.failed("call " + (i + 1) + " to " + p.targets().get(i).value() + " was not mined within 30 s");
            }
            if (!"0x1".equals(receipt.path("status").asText())) {
                NodeClient.CallResult replay = fork.ethCall(governor.value(), p.targets().get(i).value(), p.calldatas().get(i), "latest");
                return ProposalEffects.failed("call " + (i + 1) + " to " + p.targets().get(i).value() + " reverted"
                        + (replay.success() ? "" : " (" + replay.revertReason() + ")"));
            }
            receipt.path("logs").forEach(logs::add);
        }
        Map<String, BigInteger> after = holdings(fork);
        List<String> effects = new ArrayList<>();
        long maxShare = 0;
        for (Map.Entry<String, BigInteger> b : before.entrySet()) {
            BigInteger out = b.getValue().subtract(after.get(b.getKey()));
            if (out.signum() > 0 && b.getValue().signum() > 0) {
                long bps = out.multiply(BigInteger.valueOf(10_000)).divide(b.getValue()).longValueExact();
                maxShare = Math.max(maxShare, bps);
                effects.add("the treasury's " + b.getKey() + " falls by " + percent(bps) + " (" + b.getValue() + " → " + after.get(b.getKey())
                        + " base units)");
            }
        }
        boolean ownership = false;
        boolean unlimited = false;
        boolean upgraded = false;
        String treasuryTopic = topic(governor);
        for (JsonNode log : logs) {
            JsonNode topics = log.path("topics");
            String t0 = topics.path(0).asText().toLowerCase(Locale.ROOT);
            String emitter = log.path("address").asText();
            if (t0.equals(TRANSFER) && topics.size() == 3 && topics.path(1).asText().equalsIgnoreCase(treasuryTopic)) {
                effects.add("transfers " + new BigInteger(clean(log.path("data").asText()), 16) + " base units of token " + emitter
                        + " from the treasury to " + address(topics.path(2).asText()));
            } else if (t0.equals(APPROVAL) && topics.size() == 3 && topics.path(1).asText().equalsIgnoreCase(treasuryTopic)) {
                BigInteger value = new BigInteger(clean(log.path("data").asText()), 16);
                boolean isUnlimited = value.compareTo(UNLIMITED) >= 0;
                unlimited |= isUnlimited;
                // an allowance moves nothing yet, but lets the spender take it later: it counts as that share moved
                BigInteger holding = treasuryTokens.stream().filter(t -> t.contract().value().equalsIgnoreCase(emitter))
                        .map(t -> before.get(t.symbol())).findFirst().orElse(BigInteger.ZERO);
                if (holding.signum() > 0) {
                    maxShare = Math.max(maxShare, value.min(holding).multiply(BigInteger.valueOf(10_000)).divide(holding).longValueExact());
                }
                effects.add("lets " + address(topics.path(2).asText()) + " spend " + (isUnlimited ? "an unlimited amount" : value + " base units")
                        + " of the treasury's token " + emitter);
            } else if (t0.equals(OWNERSHIP_TRANSFERRED)) {
                ownership = true;
                effects.add("moves ownership of " + emitter + " from " + address(topics.path(1).asText()) + " to " + address(topics.path(2).asText()));
            } else if (t0.equals(UPGRADED)) {
                upgraded = true;
                effects.add("upgrades " + emitter + " to the implementation " + address(topics.path(1).asText()));
            }
        }
        for (Map.Entry<EvmAddress, String> s : slots.entrySet()) {
            String now = fork.getStorageAt(s.getKey().value(), IMPLEMENTATION_SLOT, "latest");
            if (!now.equalsIgnoreCase(s.getValue()) && !upgraded) {
                upgraded = true;
                effects.add("changes the implementation slot of " + s.getKey().value() + " to " + address(now));
            }
        }
        if (effects.isEmpty()) {
            effects.add("moves nothing out of the treasury and changes no ownership, allowance or implementation");
        }
        return new ProposalEffects(effects, maxShare, ownership, unlimited, upgraded, Optional.empty());
    }

    /** The receipt of {@code hash}: anvil answers eth_sendTransaction before the receipt can be read, so it is polled. */
    private static JsonNode receipt(NodeClient fork, String hash) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode receipt = fork.call("eth_getTransactionReceipt", hash);
            if ((receipt != null && !receipt.isNull()) || System.nanoTime() > until) {
                return receipt;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GovernanceException("interrupted while simulating", e);
            }
        }
    }

    /** The treasury's ETH and token balances, keyed by symbol. */
    private Map<String, BigInteger> holdings(NodeClient fork) {
        Map<String, BigInteger> out = new LinkedHashMap<>();
        out.put("ETH", NodeClient.quantity(fork.call("eth_getBalance", governor.value(), "latest")));
        for (Asset.Erc20Token token : treasuryTokens) {
            NodeClient.CallResult r = fork.ethCall(null, token.contract().value(), "0x70a08231" + Governance.address(governor), "latest");
            out.put(token.symbol(), r.success() ? Governance.word(r.data(), 0) : BigInteger.ZERO);
        }
        return out;
    }

    private static String percent(long bps) {
        return new BigDecimal(bps).movePointLeft(2).setScale(2, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + "%";
    }

    private static String topic(EvmAddress a) {
        return "0x" + Governance.address(a);
    }

    private static String address(String word) {
        String h = clean(word);
        return EvmAddress.of("0x" + h.substring(h.length() - 40)).value();
    }

    private static String clean(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }
}
