package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.security.CurrentUser;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.journal.LedgerEntry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Payments waiting for a person: listed per agent, approved (which executes exactly that intent, once) or rejected.
 * The journal records who decided.
 */
@Path("/api/agents/{id}/approvals")
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalResource {

    @Inject
    AgentAccess access;

    @Inject
    CurrentUser user;

    @Inject
    MeterRegistry metrics;

    /**
     * A payment waiting for approval: what it moves, the most its fee may cost, where it goes, and why it waits (for
     * an intent-binding hold, the discrepancy: "you wrote 5 ETH; the agent proposed 5 dUSD").
     */
    public record PendingApproval(String paymentId, String amount, String maxFee, String recipient, String purpose, String reason,
                                  String expiresAt) {
    }

    /** The outcome of a decision. */
    public record Decision(String paymentId, String status, String message) {
    }

    /** An optional reason for a rejection. */
    public record RejectRequest(String reason) {
    }

    @GET
    public List<PendingApproval> pending(@PathParam("id") String id) {
        RunningAgent agent = access.agent(id);
        return agent.wallet().pendingApprovals().stream().map(ApprovalResource::view).toList();
    }

    @POST
    @Path("{paymentId}/approve")
    public Decision approve(@PathParam("id") String id, @PathParam("paymentId") String paymentId) {
        RunningAgent agent = access.agent(id);
        SpendResult result = agent.wallet().approve(paymentId, user.get().id());
        metrics.counter("bursar.approvals", "agent", id, "decision", "approved").increment();
        return new Decision(paymentId, result.state().name(), result.message());
    }

    @POST
    @Path("{paymentId}/reject")
    public Decision reject(@PathParam("id") String id, @PathParam("paymentId") String paymentId, RejectRequest body) {
        RunningAgent agent = access.agent(id);
        SpendResult result = agent.wallet().reject(paymentId, user.get().id(), body == null ? null : body.reason());
        metrics.counter("bursar.approvals", "agent", id, "decision", "rejected").increment();
        return new Decision(paymentId, result.state().name(), result.message());
    }

    private static PendingApproval view(LedgerEntry e) {
        return new PendingApproval(e.id(), e.intent().amount().toString(), e.maxFee().map(Object::toString).orElse(null), e.recipient(), e.intent().purpose(), e.reason(),
                e.approvalExpiresAt().map(Object::toString).orElse(null));
    }
}
