package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.AgentDefinitionException;
import dev.bursar.runtime.model.ModelBusyException;
import dev.bursar.wallet.ApprovalException;
import dev.bursar.wallet.InsufficientFundsException;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PeerUnavailableException;
import dev.bursar.wallet.WalletException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps typed errors to HTTP answers: bad input 400, approval conflicts 409, insufficient funds 422, model busy 503
 * with Retry-After, an unreachable node 502; every body is {@code {"error": "..."}}.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response definition(AgentDefinitionException e) {
        return json(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response approval(ApprovalException e) {
        return json(409, e.getMessage());
    }

    @ServerExceptionMapper
    public Response funds(InsufficientFundsException e) {
        return json(422, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return json(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response peer(PeerUnavailableException e) {
        return json(502, e.getMessage());
    }

    @ServerExceptionMapper
    public Response wallet(WalletException e) {
        return json(500, e.getMessage());
    }

    @ServerExceptionMapper
    public Response busy(ModelBusyException e) {
        return Response.status(503).type(MediaType.APPLICATION_JSON).header("Retry-After", 2)
                .entity(new ApiError("the model is busy; retry in a few seconds")).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = status == 400 ? "malformed request: " + e.getMessage() : e.getMessage();
        return json(status, message);
    }

    static Response json(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(message)).build();
    }
}
