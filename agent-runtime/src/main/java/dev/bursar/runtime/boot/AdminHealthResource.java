package dev.bursar.runtime.boot;

import dev.bursar.runtime.security.CurrentUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/admin/health}: what {@code /q/health} leaves out (database URL without parameters, each model's
 * state, each agent's wallets as of the last reachability probe), for admins only. Like every {@code /api} call it
 * needs an API key (401 without); a user's key gets 403.
 */
@Path("/api/admin/health")
@Produces(MediaType.APPLICATION_JSON)
public class AdminHealthResource {

    @Inject
    CurrentUser user;

    @Inject
    Health health;

    @GET
    public Health.Detail detail() {
        if (!user.get().isAdmin()) {
            throw new ForbiddenException("only an admin may see the health details");
        }
        return health.detail();
    }
}
