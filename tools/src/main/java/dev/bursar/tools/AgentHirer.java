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
import dev.bursar.wallet.binding.UserWords;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Hiring as plugins see it: search the discovery index, and hire an indexed agent through the {@link Hirer}, with the
 * user's words of the conversation as the grounding of the budget (the wallet refuses a budget the user did not write).
 * The same hire asked twice in one conversation is the same hire: it continues or reports, never pays again.
 */
public final class AgentHirer {

    private final AgentIndex index;
    private final Hirer hirer;
    private final ConversationWords words;

    public AgentHirer(AgentIndex index, Hirer hirer, ConversationWords words) {
        this.index = index;
        this.hirer = hirer;
        this.words = words;
    }

    /** Agents whose skills or description match {@code text}, best first, within {@code maxPrice} when given. */
    public List<AgentMatch> find(String text, Optional<Amount> maxPrice) {
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
        return index.get(agentId);
    }

    /**
     * Hires {@code agentId} for {@code task} with {@code skill} within {@code budget}, for {@code call}'s conversation.
     *
     * @throws InvalidInputException when the agent is not in the index
     */
    public HireOutcome hire(ToolCall call, BigInteger agentId, String skill, String task, Amount budget) {
        return hire(call.conversationId(), words.of(call.conversationId()), agentId, skill, task, budget);
    }

    /**
     * Hires for a request outside a chat (the owner's API call): {@code said} are the owner's words that ground the
     * budget, {@code requestKey} makes the same request the same hire.
     */
    public HireOutcome hire(String requestKey, UserWords said, BigInteger agentId, String skill, String task, Amount budget) {
        IndexedAgent agent = index.get(agentId).orElseThrow(() -> new InvalidInputException("no agent " + agentId
                + " is in the registry index; use find_agents first; nothing was paid"));
        String key = requestKey + "|" + agentId + "|" + skill + "|" + task + "|" + budget.units() + "|" + budget.asset().id();
        String hireId = "h-" + HexFormat.of().formatHex(org.web3j.crypto.Hash.sha3(key.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        return hirer.hire(new HireOrder(hireId, agent, skill, task, budget, said));
    }
}
