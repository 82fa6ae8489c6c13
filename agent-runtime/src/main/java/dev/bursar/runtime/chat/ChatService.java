package dev.bursar.runtime.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.model.ModelBusyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs chat turns: one at a time per conversation, events streamed as they happen (reply tokens, tool calls with
 * their outcome, payments waiting for approval), and metrics for turns, tokens and tool calls.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> busyConversations = ConcurrentHashMap.newKeySet();

    private final MeterRegistry metrics;

    @Inject
    public ChatService(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Starts a turn of {@code conversation} (already scoped to its user) with {@code agent}. */
    public Multi<ChatEvent> turn(RunningAgent agent, String conversation, String message) {
        String key = agent.id() + "/" + conversation;
        java.util.concurrent.atomic.AtomicBoolean owner = new java.util.concurrent.atomic.AtomicBoolean();
        Multi<ChatEvent> events = Multi.createFrom().emitter(emitter -> {
            owner.set(busyConversations.add(key));
            if (!owner.get()) {
                emitter.emit(ChatEvent.error("this conversation already has a turn in progress; wait for its answer"));
                emitter.complete();
                return;
            }
            metrics.counter("bursar.chat.turns", "agent", agent.id()).increment();
            StringBuilder reply = new StringBuilder();
            String[] lastToolResult = new String[1];
            try {
                agent.assistant().chat(conversation, message)
                        .onPartialResponse(t -> {
                            reply.append(t);
                            emitter.emit(ChatEvent.token(t));
                        })
                        .onToolExecuted(execution -> {
                            lastToolResult[0] = execution.result();
                            toolEvent(agent, emitter, execution.request().name(), execution.request().arguments(), execution.result());
                        })
                        .onCompleteResponse(response -> {
                            if (response.tokenUsage() != null) {
                                metrics.counter("bursar.chat.tokens", "agent", agent.id(), "kind", "input")
                                        .increment(nz(response.tokenUsage().inputTokenCount()));
                                metrics.counter("bursar.chat.tokens", "agent", agent.id(), "kind", "output")
                                        .increment(nz(response.tokenUsage().outputTokenCount()));
                            }
                            String text = response.aiMessage() != null && response.aiMessage().text() != null
                                    ? response.aiMessage().text() : reply.toString();
                            if ((text == null || text.isBlank()) && lastToolResult[0] != null) {
                                // the tool's result ended the turn (toolResultsAsAnswer): its summary is the reply
                                text = lastToolResult[0];
                            }
                            text = summaryOf(text).orElse(text);
                            busyConversations.remove(key);
                            emitter.emit(ChatEvent.done(text));
                            emitter.complete();
                        })
                        .onError(e -> {
                            busyConversations.remove(key);
                            LOG.warnf("chat agent=%s failed: %s", agent.id(), e.toString());
                            emitter.emit(ChatEvent.error(userMessage(e)));
                            emitter.complete();
                        })
                        .start();
            } catch (RuntimeException e) {
                busyConversations.remove(key);
                if (e instanceof ModelBusyException) {
                    emitter.fail(e);
                    return;
                }
                emitter.emit(ChatEvent.error(userMessage(e)));
                emitter.complete();
            }
        });
        return events
                .ifNoItem().after(TURN_IDLE_LIMIT).failWith(() -> new IllegalStateException(
                        "the agent produced nothing for " + TURN_IDLE_LIMIT.toSeconds() + " s"))
                .onFailure(e -> !(e instanceof ModelBusyException)).recoverWithItem(e -> {
                    LOG.warnf("chat agent=%s turn failed: %s", agent.id(), e.toString());
                    return ChatEvent.error(userMessage(e));
                })
                .onTermination().invoke(() -> {
                    if (owner.get()) {
                        busyConversations.remove(key);
                    }
                });
    }

    /** The longest a turn may go without any event (a tool call on a slow node, a long generation). */
    private static final java.time.Duration TURN_IDLE_LIMIT = java.time.Duration.ofMinutes(3);

    private void toolEvent(RunningAgent agent, MultiEmitter<? super ChatEvent> emitter, String tool, String arguments, String result) {
        boolean failed = result != null && result.startsWith("error:");
        metrics.counter("bursar.tool.calls", "agent", agent.id(), "tool", tool, "outcome", failed ? "error" : "ok").increment();
        emitter.emit(ChatEvent.tool(tool, arguments, result, failed));
        if (result != null && result.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(result);
                if ("AWAITING_APPROVAL".equals(node.path("status").asText())) {
                    emitter.emit(ChatEvent.approval(node.path("payment_id").asText(), node.path("message").asText()));
                }
            } catch (java.io.IOException ignored) {
                // a tool result that is not JSON carries no approval
            }
        }
    }

    /** A tool result returned as the answer carries a plain-language {@code summary}: that is the reply. */
    private static java.util.Optional<String> summaryOf(String text) {
        if (text == null || !text.startsWith("{")) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node.hasNonNull("summary") ? java.util.Optional.of(node.get("summary").asText()) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static double nz(Integer v) {
        return v == null ? 0 : v;
    }

    private static String userMessage(Throwable e) {
        if (e instanceof ModelBusyException) {
            return "the model is busy; try again in a few seconds";
        }
        String m = e.getMessage();
        return "the agent could not answer: " + (m == null ? e.getClass().getSimpleName() : m);
    }
}
