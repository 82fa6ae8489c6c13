package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.chat.ChatEvent;
import dev.bursar.runtime.chat.ChatService;
import dev.bursar.runtime.config.BursarConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.List;

/**
 * Chatting with an agent: a whole turn as one JSON answer, or streamed as server-sent events (reply tokens, tool calls
 * with their outcome, approvals, then {@code done}).
 */
@Path("/api/agents/{id}/chat")
@Consumes(MediaType.APPLICATION_JSON)
public class ChatResource {

    @Inject
    AgentAccess access;

    @Inject
    ChatService chat;

    @Inject
    BursarConfig config;

    /** A user's message in a conversation (default conversation when the id is empty). */
    public record ChatRequest(String conversationId, String message) {
    }

    /** A finished turn: the reply, and every event of the turn in order. */
    public record ChatReply(String conversationId, String reply, List<ChatEvent> events) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ChatReply> chat(@PathParam("id") String id, ChatRequest request) {
        RunningAgent agent = access.agent(id);
        String conversation = access.conversation(validate(request).conversationId());
        return turn(agent, conversation, request.message()).collect().asList().map(events -> {
            String reply = events.stream().filter(e -> e.type().equals("done")).map(ChatEvent::text).findFirst().orElse("");
            return new ChatReply(request.conversationId() == null ? "default" : request.conversationId(), reply, events);
        }).ifNoItem().after(Duration.ofMinutes(5)).failWith(() -> new WebApplicationException("the agent did not answer within 5 minutes", 504));
    }

    @POST
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ChatEvent> stream(@PathParam("id") String id, ChatRequest request) {
        RunningAgent agent = access.agent(id);
        String conversation = access.conversation(validate(request).conversationId());
        return turn(agent, conversation, request.message());
    }

    private Multi<ChatEvent> turn(RunningAgent agent, String conversation, String message) {
        return chat.turn(agent, conversation, message);
    }

    private ChatRequest validate(ChatRequest request) {
        if (request == null || request.message() == null || request.message().isBlank()) {
            throw new BadRequestException("a message is required: {\"message\": \"...\"}");
        }
        if (request.message().length() > config.chat().maxMessageChars()) {
            throw new WebApplicationException(Response.status(413).entity(new ApiError("the message is longer than "
                    + config.chat().maxMessageChars() + " characters")).type(MediaType.APPLICATION_JSON).build());
        }
        return request;
    }
}
