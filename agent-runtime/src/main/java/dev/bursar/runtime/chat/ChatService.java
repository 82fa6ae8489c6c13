package dev.bursar.runtime.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.model.ModelBusyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs chat turns: one at a time per conversation, events streamed as they happen (reply tokens, tool calls with
 * their outcome, payments waiting for approval), and metrics for turns, tokens and tool calls.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The longest a turn may go without any event (a tool call on a slow node, a long generation). */
    static final Duration DEFAULT_IDLE_LIMIT = Duration.ofMinutes(3);

    private final MeterRegistry metrics;
    private final Duration idleLimit;
    /** Turns in progress by agent/conversation: one at a time per conversation, watched for silence. */
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();
    private final AtomicReference<ScheduledExecutorService> watchdog = new AtomicReference<>();

    @Inject
    public ChatService(MeterRegistry metrics) {
        this(metrics, DEFAULT_IDLE_LIMIT);
    }

    ChatService(MeterRegistry metrics, Duration idleLimit) {
        this.metrics = metrics;
        this.idleLimit = idleLimit;
    }

    /** A turn in progress: where its events go, and when it last produced one. */
    private static final class Turn {
        private final MultiEmitter<? super ChatEvent> emitter;
        private volatile long lastEventNanos = System.nanoTime();

        Turn(MultiEmitter<? super ChatEvent> emitter) {
            this.emitter = emitter;
        }

        void emit(ChatEvent event) {
            lastEventNanos = System.nanoTime();
            emitter.emit(event);
        }
    }

    /** Starts a turn of {@code conversation} (already scoped to its user) with {@code agent}. */
    public Multi<ChatEvent> turn(RunningAgent agent, String conversation, String message) {
        String key = agent.id() + "/" + conversation;
        AtomicReference<Turn> owned = new AtomicReference<>();
        Multi<ChatEvent> events = Multi.createFrom().emitter(emitter -> {
            Turn turn = new Turn(emitter);
            if (turns.putIfAbsent(key, turn) != null) {
                emitter.emit(ChatEvent.error("this conversation already has a turn in progress; wait for its answer"));
                emitter.complete();
                return;
            }
            owned.set(turn);
            watch();
            metrics.counter("bursar.chat.turns", "agent", agent.id()).increment();
            StringBuilder reply = new StringBuilder();
            String[] lastToolResult = new String[1];
            try {
                agent.assistant().chat(conversation, message)
                        .onPartialResponse(t -> {
                            reply.append(t);
                            turn.emit(ChatEvent.token(t));
                        })
                        .onToolExecuted(execution -> {
                            lastToolResult[0] = execution.result();
                            toolEvent(agent, turn, execution.request().name(), execution.request().arguments(), execution.result());
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
                            turns.remove(key, turn);
                            emitter.emit(ChatEvent.done(text));
                            emitter.complete();
                        })
                        .onError(e -> {
                            turns.remove(key, turn);
                            LOG.warnf("chat agent=%s failed: %s", agent.id(), e.toString());
                            emitter.emit(ChatEvent.error(userMessage(e)));
                            emitter.complete();
                        })
                        .start();
            } catch (RuntimeException e) {
                turns.remove(key, turn);
                if (e instanceof ModelBusyException) {
                    emitter.fail(e);
                    return;
                }
                emitter.emit(ChatEvent.error(userMessage(e)));
                emitter.complete();
            }
        });
        return events
                .onFailure(e -> !(e instanceof ModelBusyException)).recoverWithItem(e -> {
                    LOG.warnf("chat agent=%s turn failed: %s", agent.id(), e.toString());
                    return ChatEvent.error(userMessage(e));
                })
                .onTermination().invoke(() -> {
                    Turn turn = owned.get();
                    if (turn != null) {
                        turns.remove(key, turn);
                    }
                });
    }

    /**
     * Starts, once, the watchdog that ends turns silent for longer than the idle limit: one sweep a second over the
     * turns in progress, instead of a timer per streamed token.
     */
    private void watch() {
        if (watchdog.get() != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bursar-chat-watchdog");
            t.setDaemon(true);
            return t;
        });
        if (!watchdog.compareAndSet(null, executor)) {
            executor.shutdown();
            return;
        }
        long period = Math.clamp(idleLimit.toMillis() / 4, 10, 1000);
        executor.scheduleAtFixedRate(this::endSilentTurns, period, period, TimeUnit.MILLISECONDS);
    }

    private void endSilentTurns() {
        long now = System.nanoTime();
        for (Map.Entry<String, Turn> e : turns.entrySet()) {
            Turn turn = e.getValue();
            if (now - turn.lastEventNanos > idleLimit.toNanos() && turns.remove(e.getKey(), turn)) {
                turn.emitter.fail(new IllegalStateException("the agent produced nothing for " + describe(idleLimit)));
            }
        }
    }

    @PreDestroy
    void stop() {
        ScheduledExecutorService executor = watchdog.getAndSet(null);
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void toolEvent(RunningAgent agent, Turn turn, String tool, String arguments, String result) {
        boolean failed = result != null && result.startsWith("error:");
        metrics.counter("bursar.tool.calls", "agent", agent.id(), "tool", tool, "outcome", failed ? "error" : "ok").increment();
        turn.emit(ChatEvent.tool(tool, arguments, result, failed));
        if (result != null && result.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(result);
                if ("AWAITING_APPROVAL".equals(node.path("status").asText())) {
                    turn.emit(ChatEvent.approval(node.path("payment_id").asText(), node.path("message").asText()));
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
