package dev.bursar.runtime.registry;

import dev.bursar.registry.discovery.AgentIndex;
import dev.bursar.registry.discovery.AgentMatch;
import dev.bursar.registry.discovery.IndexedAgent;
import dev.bursar.registry.hire.HireOrder;
import dev.bursar.registry.hire.HireOutcome;
import dev.bursar.registry.hire.Hirer;
import dev.bursar.tools.AgentHirer;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.binding.UserWords;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * An agent's hiring as its owner's REST API uses it: search like the tools do, and hire with the owner's own request
 * message as the grounding of the budget. Kept in the runtime, away from plugins: a plugin's {@link AgentHirer} grounds
 * a hire only in the words of the conversation its tool call belongs to.
 */
public final class OwnerHirer {

    private final AgentHirer search;
    private final AgentIndex index;
    private final Hirer hirer;

    public OwnerHirer(AgentHirer search, AgentIndex index, Hirer hirer) {
        this.search = search;
        this.index = index;
        this.hirer = hirer;
    }

    /** Agents matching {@code text}, best first, within {@code maxPrice} when given. */
    public List<AgentMatch> find(String text, Optional<Amount> maxPrice) {
        return search.find(text, maxPrice);
    }

    /**
     * Hires for the owner's API request: {@code said} are the owner's words that ground the budget, {@code requestKey}
     * makes the same request the same hire.
     */
    public HireOutcome hire(String requestKey, UserWords said, BigInteger agentId, String skill, String task, Amount budget) {
        IndexedAgent agent = index.get(agentId).orElseThrow(() -> new InvalidInputException("no agent " + agentId
                + " is in the registry index; search for it first; nothing was paid"));
        return hirer.hire(HireOrder.forRequest(requestKey, agent, skill, task, budget, said));
    }
}
