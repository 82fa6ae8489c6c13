package dev.bursar.runtime.api;

import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.security.CurrentUser;
import dev.bursar.wallet.InvalidInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.net.URI;
import java.util.List;

/**
 * The paid APIs an agent refuses to pay because they answered 402 to a token it had just paid for: listed for its owner,
 * and cleared by a person (never by the agent) after checking why, so the next call may pay once more.
 */
@Path("/api/agents/{id}/paid-services/blocked")
@Produces(MediaType.APPLICATION_JSON)
public class PaidServiceResource {

    private static final System.Logger LOG = System.getLogger(PaidServiceResource.class.getName());

    @Inject
    AgentAccess access;

    @Inject
    CurrentUser user;

    /** A blocked service: its scope (origin and first path segment) and what it did. */
    public record BlockedService(String service, String reason) {
    }

    /** Which service to clear: any URL under it. */
    public record ClearRequest(String url) {
    }

    /** Whether the service was blocked before this request cleared it. */
    public record Cleared(String url, boolean wasBlocked) {
    }

    @GET
    public List<BlockedService> blocked(@PathParam("id") String id) {
        return client(access.agent(id)).blockedServices().entrySet().stream()
                .map(e -> new BlockedService(e.getKey(), e.getValue())).toList();
    }

    @POST
    @Path("clear")
    public Cleared clear(@PathParam("id") String id, ClearRequest body) {
        RunningAgent agent = access.agent(id);
        URI url = url(body);
        boolean was = client(agent).clearBlock(url);
        LOG.log(System.Logger.Level.INFO, "l402 agent={0} service={1} block cleared by={2} was_blocked={3}",
                id, url.getHost() + url.getRawPath(), user.get().id(), was);
        return new Cleared(url.toString(), was);
    }

    private static PayingHttpClient client(RunningAgent agent) {
        return agent.paidApis().orElseThrow(() -> new NotFoundException("agent '" + agent.id() + "' does not pay for APIs (no l402 block)"));
    }

    private static URI url(ClearRequest body) {
        if (body == null || body.url() == null || body.url().isBlank()) {
            throw new InvalidInputException("give the url of the blocked service, e.g. {\"url\": \"https://api.example.com/quotes\"}");
        }
        try {
            URI url = URI.create(body.url().strip());
            if (url.getHost() == null || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("'" + body.url() + "' is not an absolute http(s) URL of a paid service");
        }
    }
}
