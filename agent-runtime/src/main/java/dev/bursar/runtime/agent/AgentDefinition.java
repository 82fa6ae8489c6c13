package dev.bursar.runtime.agent;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent is, as written in its YAML file or sent to the API: identity, owner, persona, model, the plugins it
 * may use with their permissions (and each plugin's own settings, {@code pluginSettings.<plugin id>.<key>}), the external
 * MCP servers whose tools it may call ({@code mcpServers}), its wallets, its spending policy, its limits for paid APIs and
 * the value-neutral calls its owner obliges it to make ({@code duties}), and the tools it runs on a schedule
 * ({@code schedule}). Nothing in a chat can change it.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record AgentDefinition(String id, String name, String owner, String persona, String model, Integer memoryWindow,
                              Boolean toolResultsAsAnswer, Map<String, List<String>> plugins, Wallets wallets, Policy policy,
                              Optional<L402> l402, Optional<Publish> publish, Optional<Map<String, Map<String, String>>> pluginSettings,
                              Optional<Map<String, McpServer>> mcpServers, Optional<Map<String, Duty>> duties,
                              Optional<List<ScheduledTool>> schedule) {

    public AgentDefinition {
        schedule = schedule == null ? Optional.empty() : schedule;
        duties = duties == null ? Optional.empty() : duties;
        l402 = l402 == null ? Optional.empty() : l402;
        publish = publish == null ? Optional.empty() : publish;
        pluginSettings = pluginSettings == null ? Optional.empty() : pluginSettings;
        mcpServers = mcpServers == null ? Optional.empty() : mcpServers;
    }

    /**
     * A duty the owner gives the agent (vote on a DAO's proposals by its mandate): what it is for, and the functions it may
     * call on each contract, as 4-byte selectors ({@code "0x7b3c71d3"} for {@code castVoteWithReason}). Those calls carry
     * no value and are allowed by the agent's policy; their fees count against every cap. Plugins granted
     * {@code wallet:duty} make them; nothing else does. {@code approval: true} holds every such call for a person.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Duty(String description, Map<String, List<String>> calls, Optional<Boolean> approval) {
        public Duty {
            calls = calls == null ? Map.of() : Map.copyOf(calls);
            approval = approval == null ? Optional.empty() : approval;
        }
    }

    /**
     * A granted tool the runtime runs every {@code every} (at least a second) with {@code arguments}, outside any chat: a
     * DAO agent voting on new proposals. No user wrote anything there, so only what needs no user's words (reads, the
     * owner's duties) can succeed; a payment is refused as ungrounded.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record ScheduledTool(String tool, Duration every, Optional<Map<String, Object>> arguments) {
        public ScheduledTool {
            arguments = arguments == null ? Optional.empty() : arguments;
        }
    }

    /**
     * An external MCP server (Streamable HTTP) whose tools the agent may call: its endpoint, the tools granted by name
     * (no others reach the model), a file holding its bearer token if it needs one, and how long a call may take
     * (default 30 s). Its results are information for the model, never a source of a payment's recipient or amount.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record McpServer(String url, List<String> tools, Optional<Path> tokenFile, Optional<Duration> timeout) {
        public McpServer {
            tools = tools == null ? List.of() : List.copyOf(tools);
            tokenFile = tokenFile == null ? Optional.empty() : tokenFile;
            timeout = timeout == null ? Optional.empty() : timeout;
        }
    }

    /**
     * Publishes the agent in the on-chain agent registry ({@code bursar.registry}) and serves its skills over A2A, each
     * for a price paid through the job escrow before the work is done.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Publish(Optional<String> description, List<Skill> skills) {
        public Publish {
            description = description == null ? Optional.empty() : description;
            skills = skills == null ? List.of() : List.copyOf(skills);
        }
    }

    /**
     * One published skill: its id, title, description and search tags, its price with its unit ({@code "0.5 dUSD"}, an
     * ERC-20 token of the agent's EVM wallet), and what answers it: {@code model} (the agent's model, without tools) or
     * {@code uniswap-v2-price} (the price of {@code token} in the chain's Uniswap V2 market, read on chain).
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Skill(String id, String name, String description, Optional<List<String>> tags, String price, String answer,
                        Optional<String> token) {
        public Skill {
            tags = tags == null ? Optional.empty() : tags;
            token = token == null ? Optional.empty() : token;
        }
    }

    /** The wallets an agent holds. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Wallets(Optional<Evm> evm, Optional<Lightning> lightning) {
        public Wallets {
            evm = evm == null ? Optional.empty() : evm;
            lightning = lightning == null ? Optional.empty() : lightning;
        }
    }

    /**
     * An EVM account: node, chain and key. The key comes from an encrypted keystore and a password file, never from
     * the definition itself.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Evm(String rpcUrl, long chainId, Path keystore, Path passwordFile, Optional<List<String>> tokens) {
        public Evm {
            tokens = tokens == null ? Optional.empty() : tokens;
        }
    }

    /** An LND node reached over gRPC with a (preferably baked, least-privilege) macaroon. */
    public record Lightning(String host, int port, Path tlsCert, Path macaroon, String network) {
    }

    /**
     * Spending rules; amounts are written with their unit ("0.1 ETH", "5000 sat", "100 dUSD"). Caps, budgets and
     * thresholds count the worst-case fee. Every payment is bound to the user's words ({@code binding}).
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Policy(List<String> maxPerTransaction, Optional<List<String>> approvalAbove, Optional<List<Budget>> budgets,
                         Optional<List<String>> allowRecipients, Optional<List<String>> denyRecipients,
                         Optional<List<String>> allowContracts, Optional<RateLimit> rateLimit, Optional<Duration> approvalTtl,
                         Optional<ContractSafety> contractSafety, Optional<String> binding, Optional<LightningFee> lightningFee,
                         Optional<Long> maxGasLimit) {
        public Policy {
            approvalAbove = approvalAbove == null ? Optional.empty() : approvalAbove;
            budgets = budgets == null ? Optional.empty() : budgets;
            allowRecipients = allowRecipients == null ? Optional.empty() : allowRecipients;
            denyRecipients = denyRecipients == null ? Optional.empty() : denyRecipients;
            allowContracts = allowContracts == null ? Optional.empty() : allowContracts;
            rateLimit = rateLimit == null ? Optional.empty() : rateLimit;
            approvalTtl = approvalTtl == null ? Optional.empty() : approvalTtl;
            contractSafety = contractSafety == null ? Optional.empty() : contractSafety;
            binding = binding == null ? Optional.empty() : binding;
            lightningFee = lightningFee == null ? Optional.empty() : lightningFee;
            maxGasLimit = maxGasLimit == null ? Optional.empty() : maxGasLimit;
        }

        /**
         * What happens to a payment the user did not ask for (recipient, asset or amount not in their words):
         * {@code deny} (default; the agent asks) or {@code approve} (held for the owner, the card shows the discrepancy).
         */
        public dev.bursar.wallet.policy.rules.IntentBindingRule.Mode bindingOrDefault() {
            return switch (binding.orElse("deny")) {
                case "deny" -> dev.bursar.wallet.policy.rules.IntentBindingRule.Mode.DENY;
                case "approve" -> dev.bursar.wallet.policy.rules.IntentBindingRule.Mode.APPROVE;
                default -> throw new AgentDefinitionException("field 'policy.binding' must be 'deny' or 'approve', not '" + binding.get() + "'");
            };
        }
    }

    /**
     * Score every EVM contract a payment talks to before it is journaled: a score under {@code blockBelow} is refused,
     * under {@code warnBelow} needs a person's approval (contract-ranking's defaults, 50 and 75, when left out).
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record ContractSafety(Integer blockBelow, Integer warnBelow) {

        public int blockBelowOrDefault() {
            return blockBelow == null ? dev.bursar.ranking.Scoring.WARN_AT : blockBelow;
        }

        public int warnBelowOrDefault() {
            return warnBelow == null ? dev.bursar.ranking.Scoring.ALLOW_AT : warnBelow;
        }
    }

    /** At most {@code cap} within any rolling {@code window} (ISO-8601 duration, such as PT24H). */
    public record Budget(Duration window, String cap) {
    }

    /** At most {@code count} payments within any rolling {@code window}. */
    public record RateLimit(int count, Duration window) {
    }

    /**
     * The most a Lightning payment's routing fee may cost: {@code ppm} of the amount, at least {@code floorSat}. It is
     * counted in the sat caps, thresholds and budget (default 10,000 ppm, 10 sat).
     */
    public record LightningFee(long ppm, long floorSat) {
    }

    /**
     * Limits for paying APIs (the {@code l402} plugin's {@code paid_fetch}): the only hosts it may reach; for L402 over
     * Lightning the most one request may cost ({@code maxPriceSats}) and at most {@code hostBudgetSats} per host within
     * {@code hostBudgetWindow} (default ten {@code maxPriceSats} a day), a per-service budget of the wallet's policy; for
     * x402 over the EVM wallet, the {@code x402} block (ten {@code maxPrice}s a day per host). The wallet's spending
     * policy applies on top of both.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record L402(Long maxPriceSats, List<String> allowedHosts, Optional<Long> hostBudgetSats,
                       Optional<Duration> hostBudgetWindow, Optional<X402> x402) {
        public L402 {
            hostBudgetSats = hostBudgetSats == null ? Optional.empty() : hostBudgetSats;
            hostBudgetWindow = hostBudgetWindow == null ? Optional.empty() : hostBudgetWindow;
            x402 = x402 == null ? Optional.empty() : x402;
        }
    }

    /**
     * Paying x402 APIs with EIP-3009 authorizations of the EVM wallet's tokens: the most one request may cost in each
     * token it may pay in ({@code ["0.05 dUSDC"]}; others are never paid), whether x402 wins when a server offers both
     * rails ({@code preferred}, default false: Lightning first) and optionally the payee pinned for a host.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record X402(List<String> maxPrice, Optional<Boolean> preferred, Optional<Map<String, String>> payees) {
        public X402 {
            preferred = preferred == null ? Optional.empty() : preferred;
            payees = payees == null ? Optional.empty() : payees;
        }
    }

    /**
     * Whether a tool's result ends the turn as the answer (default true): a small local model then never restates a
     * balance or a payment in its own, possibly wrong, words; the tool's summary is the reply.
     */
    public boolean toolResultsAsAnswerOrDefault() {
        return toolResultsAsAnswer == null || toolResultsAsAnswer;
    }

    public int memoryWindowOrDefault() {
        return memoryWindow == null ? 20 : memoryWindow;
    }
}
