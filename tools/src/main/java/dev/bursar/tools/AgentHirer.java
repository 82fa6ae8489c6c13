package dev.bursar.tools;

import dev.bursar.registry.discovery.AgentIndex;
import dev.bursar.registry.discovery.AgentMatch;
import dev.bursar.registry.discovery.IndexedAgent;
import dev.bursar.registry.discovery.Price;
import dev.bursar.registry.hire.HireOrder;
import dev.bursar.registry.hire.HireOutcome;
import dev.bursar.registry.hire.Hirer;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Hiring as plugins see it: search the discovery index, and hire an indexed agent through the {@link Hirer}, with the
 * user's words of the conversation as the grounding of the budget (the wallet refuses a budget the user did not write).
 * The same hire asked twice in one conversation is the same hire: it continues or reports, never pays again.
 */
public final class AgentHirer {

    private final AgentIndex index;
    private final Hirer hirer;
    private final ConversationWords words;
    private final String plugin;
    private final Set<Permission> grants;

    public AgentHirer(AgentIndex index, Hirer hirer, ConversationWords words) {
        this(index, hirer, words, "host", Set.of(Permission.AGENTS_FIND, Permission.AGENTS_HIRE));
    }

    private AgentHirer(AgentIndex index, Hirer hirer, ConversationWords words, String plugin, Set<Permission> grants) {
        this.index = index;
        this.hirer = hirer;
        this.words = words;
        this.plugin = plugin;
        this.grants = Set.copyOf(grants);
    }

    /** The same hirer as {@code plugin} may use it: searching needs {@code agents:find} or {@code agents:hire}, hiring {@code agents:hire}. */
    public AgentHirer limitedTo(String plugin, Set<Permission> granted) {
        Set<Permission> kept = new java.util.HashSet<>(granted);
        kept.retainAll(grants);
        return new AgentHirer(index, hirer, words, plugin, kept);
    }

    /** Agents whose skills or description match {@code text}, best first, within {@code maxPrice} when given. */
    public List<AgentMatch> find(String text, Optional<Amount> maxPrice) {
        requireAny("search the agent registry");
        Optional<Price> ceiling = maxPrice.map(a -> {
            if (!(a.asset() instanceof Asset.Erc20Token token)) {
                throw new InvalidInputException("max_price must be in an ERC-20 token (agents are paid in tokens), got " + a);
            }
            return new Price(a.units(), token.contract());
        });
        return index.query(text, ceiling, Optional.empty());
    }

    /** The indexed agent {@code agentId}. */
    public Optional<IndexedAgent> agent(BigInteger agentId) {
        requireAny("read the agent registry");
        return index.get(agentId);
    }

    /**
     * Hires {@code agentId} for {@code task} with {@code skill} within {@code budget}, for {@code call}'s conversation.
     *
     * @throws InvalidInputException when the agent is not in the index
     */
    public HireOutcome hire(ToolCall call, BigInteger agentId, String skill, String task, Amount budget) {
        if (!grants.contains(Permission.AGENTS_HIRE)) {
            throw new NotGrantedException(plugin, "hire agents", Permission.AGENTS_HIRE);
        }
        IndexedAgent agent = index.get(agentId).orElseThrow(() -> new InvalidInputException("no agent " + agentId
                + " is in the registry index; use find_agents first; nothing was paid"));
        return hirer.hire(HireOrder.forRequest(call.conversationId(), agent, skill, task, budget, words.of(call.conversationId())));
    }

    private void requireAny(String operation) {
        if (grants.isEmpty()) {
            throw new NotGrantedException(plugin, operation, Permission.AGENTS_FIND);
        }
    }
}
