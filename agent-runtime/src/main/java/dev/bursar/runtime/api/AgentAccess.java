package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.security.CurrentUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

/**
 * Who may drive which agent: its owner and admins. Another user's agent answers 404, so its existence is not leaked.
 */
@RequestScoped
public class AgentAccess {

    @Inject
    AgentRegistry registry;

    @Inject
    CurrentUser user;

    public RunningAgent agent(String id) {
        RunningAgent agent = registry.find(id).orElseThrow(() -> new NotFoundException("no agent '" + id + "'"));
        if (!user.get().isAdmin() && !agent.definition().owner().equals(user.get().id())) {
            throw new NotFoundException("no agent '" + id + "'");
        }
        return agent;
    }

    public void requireAdmin() {
        if (!user.get().isAdmin()) {
            throw new ForbiddenException("only an admin may manage agents and their policies");
        }
    }

    /** A conversation id scoped to the current user, so users never share a memory. */
    public String conversation(String conversationId) {
        String id = conversationId == null || conversationId.isBlank() ? "default" : conversationId;
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new dev.bursar.wallet.InvalidInputException("conversationId must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return user.get().id() + ":" + id;
    }
}
