package dev.bursar.runtime.api;

import dev.bursar.runtime.registry.AgentNetwork;
import dev.bursar.runtime.security.CurrentUser;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Each published agent over A2A 0.3: its agent card and its ERC-8004 registration file (public, like any web page), and
 * its JSON-RPC endpoint, which needs an API key like {@code /api} (the caller's user id is who the agent works for).
 */
@Path("/a2a/{id}")
public class A2aResource {

    @Inject
    Instance<AgentNetwork> network;

    @Inject
    CurrentUser user;

    @Inject
    Instance<dev.bursar.runtime.config.BursarConfig> config;

    @GET
    @Path(".well-known/agent-card.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String card(@PathParam("id") String id) {
        return published(id).server().cardJson();
    }

    @GET
    @Path("registration.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String registration(@PathParam("id") String id) {
        return network().registrationFile(id).orElseThrow(() -> new NotFoundException("agent " + id
                + " is not registered in the agent registry yet"));
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/a2a+json", MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public String rpc(@PathParam("id") String id, String body) {
        return published(id).server().handle(body == null ? "" : body, user.get().id());
    }

    private AgentNetwork.Published published(String id) {
        return network().published(id).orElseThrow(() -> new NotFoundException("no published agent '" + id + "' here"));
    }

    private AgentNetwork network() {
        if (config.get().registry().isEmpty()) {
            throw new NotFoundException("this runtime takes no part in an agent registry (bursar.registry is not configured)");
        }
        return network.get();
    }
}
