package dev.bursar.runtime.api;

import dev.bursar.registry.discovery.AgentMatch;
import dev.bursar.registry.discovery.ReputationSummary;
import dev.bursar.registry.hire.HireException;
import dev.bursar.registry.hire.HireOutcome;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.config.BursarConfig;
import dev.bursar.runtime.registry.AgentNetwork;
import dev.bursar.runtime.registry.OwnerHirer;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.UserWords;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent's place in the on-chain agent registry, for its owner: search registered agents by skill, hire one for a
 * task within a budget the owner writes in {@code message} (the words that ground the payment), and see the agent's own
 * registry id and reputation once it is published.
 */
@Path("/api/agents/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {

    @Inject
    AgentAccess access;

    @Inject
    Instance<AgentNetwork> network;

    @Inject
    BursarConfig config;

    /** One agent found: id, name, skills, prices in base units per token, and its reputation from trusted reviewers. */
    public record FoundAgent(String agentId, String name, String description, List<String> skills, Map<String, String> prices,
                             long reviews, String averageRating) {
    }

    /** A hire request: which agent and skill, the task, the budget with its unit, and the owner's words. */
    public record HireRequest(String agentId, String skill, String task, String budget, String message) {
    }

    /** The agent's own entry: its registry id (empty until registered) and the reputation trusted reviewers gave it. */
    public record OwnEntry(String registryId, long reviews, String averageRating, String registrationFile) {
    }

    @GET
    @Path("registry/agents")
    public List<FoundAgent> find(@PathParam("id") String id, @QueryParam("skill") String skill, @QueryParam("maxPrice") String maxPrice) {
        RunningAgent agent = access.agent(id);
        OwnerHirer hiring = hiring(agent);
        if (skill == null || skill.isBlank()) {
            throw new InvalidInputException("give the skill to search for, e.g. ?skill=summarise");
        }
        Optional<Amount> max = Optional.ofNullable(maxPrice).filter(m -> !m.isBlank()).map(m -> Amount.parse(m, agent.assets()));
        return hiring.find(skill, max).stream().limit(20).map(RegistryResource::found).toList();
    }

    @POST
    @Path("hires")
    public HireOutcome hire(@PathParam("id") String id, HireRequest body) {
        RunningAgent agent = access.agent(id);
        OwnerHirer hiring = hiring(agent);
        if (body == null || body.agentId() == null || body.skill() == null || body.task() == null || body.budget() == null
                || body.message() == null) {
            throw new InvalidInputException("give agentId, skill, task, budget (with its unit) and message (your words, which must"
                    + " state the budget)");
        }
        BigInteger agentId;
        try {
            agentId = new BigInteger(body.agentId().strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("agentId must be a registry id (a whole number), got '" + body.agentId() + "'");
        }
        Amount budget = Amount.parse(body.budget(), agent.assets());
        try {
            return hiring.hire("api", new UserWords(List.of(body.message()), AddressBook.empty()), agentId, body.skill().strip(),
                    body.task(), budget);
        } catch (HireException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    @GET
    @Path("registry/self")
    public OwnEntry self(@PathParam("id") String id) {
        access.agent(id);
        if (config.registry().isEmpty()) {
            throw new NotFoundException("this runtime takes no part in an agent registry (bursar.registry is not configured)");
        }
        AgentNetwork n = network.get();
        Optional<BigInteger> registryId = n.registeredId(id);
        ReputationSummary reputation = registryId.map(n.index()::reputation).orElse(ReputationSummary.NONE);
        return new OwnEntry(registryId.map(BigInteger::toString).orElse(""), reputation.count(), reputation.average().toString(),
                n.registrationFile(id).orElse(""));
    }

    private static OwnerHirer hiring(RunningAgent agent) {
        return agent.hiring().orElseThrow(() -> new NotFoundException("agent '" + agent.id() + "' does not hire other agents"
                + " (grant it the 'agents' plugin)"));
    }

    private static FoundAgent found(AgentMatch m) {
        Map<String, String> prices = new java.util.LinkedHashMap<>();
        m.agent().prices().forEach((skill, p) -> prices.put(skill, p.toString()));
        return new FoundAgent(m.agent().agentId().toString(), m.agent().file().name(), m.agent().file().description(), m.agent().skills(),
                prices, m.reputation().count(), m.reputation().average().toString());
    }
}
