package dev.bursar.examples.dao;

import dev.bursar.ranking.AnvilForks;
import dev.bursar.ranking.NodeClient;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.BursarTool;
import dev.bursar.tools.OwnerDuties;
import dev.bursar.tools.Permission;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DAO governance agent as a Bursar plugin, for the runtime: tools to list the Governor's proposals, explain one
 * (its calls decoded, what it would do simulated on a fork, the mandate's verdict, each target's safety score), vote on
 * one or on all open ones by the mandate, say why it voted as it did, and delegate its votes. Votes go through the
 * owner's duty ({@code wallet:duty}): only the calls the agent's definition declares, through its guarded wallet. Granted
 * only {@code wallet:read}, it reads and explains and votes on nothing.
 *
 * <p>Settings ({@code pluginSettings.dao-governance}): {@code governor}, {@code token}, {@code rpcUrl} (the node it
 * reads proposals from and forks), {@code anvil} (the anvil binary that forks), {@code journal} (the file of its votes and
 * reasons), {@code duty} (default {@code dao-votes}), and the mandate: {@code mandate} (in words),
 * {@code maxTreasuryShareBps} (default 500), {@code forbidOwnershipChanges}, {@code forbidUnlimitedApprovals},
 * {@code forbidUpgrades} (default true), and {@code approvalAboveVotes}: a vote carrying more votes than that (whole
 * tokens) waits for a person's approval. The treasury's tokens are the ERC-20 tokens of the agent's EVM wallet.
 */
public final class DaoPlugin implements BursarPlugin {

    public static final String ID = "dao-governance";
    /** Read the DAO's proposals, their simulations and the agent's votes. */
    public static final Permission READ = Permission.of("example:dao:read");

    /** One fork launcher per anvil binary for every agent of this runtime, stopped when the runtime stops. */
    private final Map<Path, AnvilForks> forks = new HashMap<>();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Permission> permissions() {
        return Set.of(READ, Permission.WALLET_DUTY, Permission.WALLET_READ, Permission.CONTRACT_READ);
    }

    @Override
    public List<BursarTool> tools(AgentContext context) {
        Map<String, String> s = context.settings();
        EvmAddress governor = address(s, "governor");
        EvmAddress token = address(s, "token");
        NodeClient node = NodeClient.of(URI.create(required(s, "rpcUrl")));
        Governance governance = new Governance(node, governor, token);
        List<Asset.Erc20Token> treasuryTokens = context.assets().stream().filter(Asset.Erc20Token.class::isInstance)
                .map(Asset.Erc20Token.class::cast).toList();
        ProposalSimulator simulator = new ProposalSimulator(node, forks(Path.of(required(s, "anvil"))), node.chainId(), governance.executor(),
                treasuryTokens);
        Mandate mandate = new Mandate(s.getOrDefault("mandate", "Vote against any proposal that moves more than 5% of the treasury,"
                + " changes ownership, grants unlimited allowances or upgrades a contract; abstain when the simulation fails."),
                number(s, "maxTreasuryShareBps", 500), flag(s, "forbidOwnershipChanges"), flag(s, "forbidUnlimitedApprovals"),
                flag(s, "forbidUpgrades"));
        Optional<WeightApproval> weightApproval = Optional.ofNullable(s.get("approvalAboveVotes"))
                .map(v -> new WeightApproval(governance, decimal(v, "approvalAboveVotes")));
        Ballot ballot = context.duties().map(d -> (Ballot) new DutyBallot(d, s.getOrDefault("duty", "dao-votes"), governor, token,
                        weightApproval))
                .orElseGet(() -> new ReadOnlyBallot(readOnlyAccount(context)));
        context.duties().ifPresent(d -> requireDuty(d, s.getOrDefault("duty", "dao-votes"), governor, token));
        DaoAgent agent = new DaoAgent(governance, simulator, mandate, VoteAdvisor.rules(), ballot,
                new VoteJournal(Path.of(required(s, "journal"))), Clock.systemUTC(), context.contracts());
        return new DaoTools(agent, governance, ballot, context.duties().isPresent()).tools();
    }

    /** The agent's account when it may not vote (no {@code wallet:duty}): its tools read and explain, and vote on nothing. */
    private record ReadOnlyBallot(EvmAddress account) implements Ballot {
        @Override
        public Cast delegateToSelf() {
            throw new GovernanceException("this agent may not delegate: grant plugin " + ID + " wallet:duty");
        }

        @Override
        public Cast vote(java.math.BigInteger proposalId, VoteChoice choice, String reason) {
            throw new GovernanceException("this agent may not vote: grant plugin " + ID + " wallet:duty");
        }
    }

    private static EvmAddress readOnlyAccount(AgentContext context) {
        if (!context.wallet().grants().contains(Permission.WALLET_READ)) {
            throw new IllegalArgumentException("grant plugin " + ID + " wallet:duty (and declare the duty) to vote, or wallet:read to"
                    + " only read proposals and this agent's votes");
        }
        return context.wallet().evmAddress().orElseThrow(() -> new IllegalArgumentException(
                "the DAO agent needs wallets.evm: its address is the account that votes"));
    }

    private synchronized AnvilForks forks(Path anvil) {
        return forks.computeIfAbsent(anvil, a -> {
            AnvilForks launcher = AnvilForks.builder(a).maxForks(1).build();
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "dao-plugin-forks"));
            return launcher;
        });
    }

    private static void requireDuty(OwnerDuties duties, String name, EvmAddress governor, EvmAddress token) {
        OwnerDuties.Duty duty = duties.duty(name).orElseThrow(() -> new IllegalArgumentException("the agent's definition declares no"
                + " duty '" + name + "'; declare it under 'duties' with castVoteWithReason (0x7b3c71d3) on the Governor"));
        if (!duty.calls().getOrDefault(governor, List.of()).contains(GovernanceVoter.CAST_VOTE_WITH_REASON)) {
            throw new IllegalArgumentException("duty '" + name + "' does not allow castVoteWithReason (0x7b3c71d3) on the Governor "
                    + governor.value());
        }
    }

    private static String required(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("plugin " + ID + " needs the setting '" + key + "' (pluginSettings." + ID + "." + key + ")");
        }
        return v.strip();
    }

    private static EvmAddress address(Map<String, String> s, String key) {
        try {
            return EvmAddress.of(required(s, key));
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("plugin " + ID + ": setting '" + key + "': " + e.getMessage(), e);
        }
    }

    private static java.math.BigDecimal decimal(String v, String key) {
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(v.strip().replace("_", ""));
            if (d.signum() < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("plugin " + ID + ": setting '" + key + "' must be a number of votes (such as 100000), not '"
                    + v + "'");
        }
    }

    private static long number(Map<String, String> s, String key, long fallback) {
        String v = s.get(key);
        try {
            return v == null ? fallback : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("plugin " + ID + ": setting '" + key + "' must be a whole number, not '" + v + "'");
        }
    }

    private static boolean flag(Map<String, String> s, String key) {
        String v = s.getOrDefault(key, "true").strip();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("plugin " + ID + ": setting '" + key + "' must be true or false, not '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
