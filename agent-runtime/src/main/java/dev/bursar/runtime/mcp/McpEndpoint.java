package dev.bursar.runtime.mcp;

import dev.bursar.runtime.api.ApiError;
import dev.bursar.runtime.security.CurrentUser;
import io.modelcontextprotocol.spec.ProtocolVersions;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * MCP over Streamable HTTP (spec 2025-11-25) at {@code /mcp}: each POST carries one JSON-RPC message and is answered
 * with JSON (no server-sent event stream, no session: the server is stateless). Callers authenticate with their API key
 * like the rest of the API ({@code Authorization: Bearer <key>}, checked by the API key filter before this runs). A
 * browser's {@code Origin} must be loopback or one of {@code quarkus.http.cors.origins}, against DNS rebinding; an
 * unsupported {@code MCP-Protocol-Version} gets 400.
 */
@Path("/mcp")
public class McpEndpoint {

    /** The protocol revisions this server speaks, newest first. */
    static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2025_11_25, ProtocolVersions.MCP_2025_06_18,
            ProtocolVersions.MCP_2025_03_26);

    @Inject
    McpHost host;

    @Inject
    CurrentUser user;

    @ConfigProperty(name = "quarkus.http.cors.origins")
    Optional<List<String>> allowedOrigins;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response post(String body, @HeaderParam("Origin") String origin, @HeaderParam("MCP-Protocol-Version") String version) {
        if (origin != null && !originAllowed(origin)) {
            return error(403, "Origin " + origin + " may not use this MCP server");
        }
        if (version != null && !PROTOCOL_VERSIONS.contains(version.strip())) {
            return error(400, "MCP-Protocol-Version " + version + " is not supported; this server speaks " + PROTOCOL_VERSIONS);
        }
        if (body == null || body.isBlank()) {
            return error(400, "send one JSON-RPC message as the request body");
        }
        return host.handle(user.get(), body)
                .map(json -> Response.ok(json, MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> Response.accepted().build());
    }

    /** No server-initiated stream: the spec lets a server answer 405 here. */
    @GET
    public Response stream() {
        return Response.status(405).header("Allow", "POST").build();
    }

    /** No sessions to end. */
    @DELETE
    public Response end() {
        return Response.status(405).header("Allow", "POST").build();
    }

    private boolean originAllowed(String origin) {
        if (allowedOrigins.orElse(List.of()).contains(origin)) {
            return true;
        }
        try {
            String host = URI.create(origin).getHost();
            return host != null && List.of("127.0.0.1", "localhost", "[::1]", "::1").contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(message)).build();
    }
}
