package dev.bursar.runtime.api;

import dev.bursar.runtime.security.CurrentUser;
import dev.bursar.runtime.store.User;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Who the API key belongs to.
 */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    CurrentUser user;

    @GET
    public User me() {
        return user.get();
    }
}
