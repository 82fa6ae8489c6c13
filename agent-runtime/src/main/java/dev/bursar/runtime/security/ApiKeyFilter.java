package dev.bursar.runtime.security;

import dev.bursar.runtime.api.ApiError;
import dev.bursar.runtime.store.User;
import dev.bursar.runtime.store.UserStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.Optional;

/**
 * Authenticates every {@code /api} request, every A2A call ({@code POST /a2a/...}) and every MCP request ({@code /mcp})
 * by its API key ({@code Authorization: Bearer <key>}), then applies the caller's rate limit. Unknown or missing keys get
 * 401; the key itself is never logged.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    // Looked up per request: REST providers are created at static init, before configuration and the database exist.
    @Inject
    Instance<UserStore> users;

    @Inject
    Instance<CurrentUser> current;

    @Inject
    Instance<RateLimiter> limiter;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        // the API, and the A2A JSON-RPC endpoints (their cards and registration files are public)
        boolean a2aCall = path.startsWith("/a2a/") && "POST".equals(request.getMethod());
        boolean mcp = path.startsWith("/mcp");
        if (!path.startsWith("/api") && !a2aCall && !mcp) {
            return;
        }
        String header = request.getHeaderString("Authorization");
        Optional<User> user = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            user = users.get().authenticate(header.substring(7).trim());
        }
        if (user.isEmpty()) {
            request.abortWith(Response.status(401).type(MediaType.APPLICATION_JSON)
                    .header("WWW-Authenticate", "Bearer realm=\"bursar\"")
                    .entity(new ApiError("an API key is required: send 'Authorization: Bearer <key>'")).build());
            return;
        }
        long wait = limiter.get().acquire(user.get().id(), System.currentTimeMillis());
        if (wait > 0) {
            request.abortWith(Response.status(429).type(MediaType.APPLICATION_JSON).header("Retry-After", wait)
                    .entity(new ApiError("too many requests; retry in " + wait + " s")).build());
            return;
        }
        current.get().set(user.get());
    }
}
