package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.AgentDefinition;
import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.security.CurrentUser;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.Wallet;
import dev.bursar.wallet.WalletException;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.lightning.LightningWallet;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agents: users list and inspect their own (addresses, balances); admins create, replace and delete definitions
 * (YAML or JSON). A definition can only change here, never through a chat.
 */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    @Inject
    AgentRegistry registry;

    @Inject
    AgentAccess access;

    @Inject
    CurrentUser user;

    /** An agent in a list. */
    public record AgentSummary(String id, String name, String model, String owner) {
    }

    /** An agent's details: what it may do, where it receives money, what it holds, and its EVM chain (if it has one). */
    public record AgentDetails(String id, String name, String model, String owner, Map<String, List<String>> plugins,
                               Map<String, String> addresses, List<Balance> balances, Long evmChainId) {
    }

    /** One balance, exact, with its unit. */
    public record Balance(String asset, String amount, String error) {
    }

    @GET
    public List<AgentSummary> list() {
        return registry.all().stream()
                .filter(a -> user.get().isAdmin() || a.definition().owner().equals(user.get().id()))
                .map(a -> new AgentSummary(a.id(), a.definition().name(), a.definition().model(), a.definition().owner()))
                .sorted(java.util.Comparator.comparing(AgentSummary::id)).toList();
    }

    @GET
    @Path("{id}")
    public AgentDetails get(@PathParam("id") String id) {
        RunningAgent agent = access.agent(id);
        Map<String, String> addresses = new LinkedHashMap<>();
        for (Wallet w : agent.wallet().wallets().values()) {
            if (w instanceof EvmWallet evm) {
                addresses.put("evm", evm.address().value());
            } else if (w instanceof LightningWallet ln) {
                try {
                    addresses.put("lightning", ln.nodePubkey());
                } catch (WalletException e) {
                    addresses.put("lightning", "unavailable: " + e.getMessage());
                }
            }
        }
        List<Balance> balances = new ArrayList<>();
        for (Asset asset : agent.assets()) {
            try {
                balances.add(new Balance(asset.symbol(), agent.wallet().balance(asset).toString(), null));
            } catch (WalletException e) {
                balances.add(new Balance(asset.symbol(), null, e.getMessage()));
            }
        }
        AgentDefinition d = agent.definition();
        Long chainId = agent.wallet().wallets().values().stream().filter(EvmWallet.class::isInstance).map(w -> ((EvmWallet) w).chainId())
                .findFirst().orElse(null);
        return new AgentDetails(d.id(), d.name(), d.model(), d.owner(), d.plugins() == null ? Map.of() : d.plugins(), addresses, balances,
                chainId);
    }

    /**
     * The agent's definition as it runs (model, plugins and permissions, policy, duties, schedule): read-only for its
     * owner, and what an admin edits and sends back with PUT. It names files (keystore, password file), never their contents.
     */
    @GET
    @Path("{id}/definition")
    public AgentDefinition definition(@PathParam("id") String id) {
        return access.agent(id).definition();
    }

    @POST
    @Consumes({"application/yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response create(String body) {
        access.requireAdmin();
        AgentDefinition d = registry.parse(require(body), "API request");
        if (registry.find(d.id()).isPresent()) {
            return ErrorMappers.json(409, "agent '" + d.id() + "' exists; replace it with PUT /api/agents/" + d.id());
        }
        registry.put(d);
        return Response.status(201).entity(new AgentSummary(d.id(), d.name(), d.model(), d.owner())).build();
    }

    @PUT
    @Path("{id}")
    @Consumes({"application/yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public AgentSummary replace(@PathParam("id") String id, String body) {
        access.requireAdmin();
        AgentDefinition d = registry.parse(require(body), "API request");
        if (!d.id().equals(id)) {
            throw new BadRequestException("the definition's id '" + d.id() + "' does not match the path's '" + id + "'");
        }
        registry.put(d);
        return new AgentSummary(d.id(), d.name(), d.model(), d.owner());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        access.requireAdmin();
        if (!registry.delete(id)) {
            throw new NotFoundException("no agent '" + id + "'");
        }
        return Response.noContent().build();
    }

    private static String require(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("an agent definition (YAML or JSON) is required");
        }
        return body;
    }
}
