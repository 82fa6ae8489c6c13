package dev.bursar.registry.a2a;

import dev.bursar.registry.discovery.AgentUriException;
import dev.bursar.registry.discovery.AgentUriResolver;
import io.a2a.client.transport.jsonrpc.JSONRPCTransport;
import io.a2a.client.transport.spi.interceptors.ClientCallContext;
import io.a2a.spec.A2AClientException;
import io.a2a.spec.DataPart;
import io.a2a.spec.EventKind;
import io.a2a.spec.Message;
import io.a2a.spec.MessageSendConfiguration;
import io.a2a.spec.MessageSendParams;
import io.a2a.spec.Part;
import io.a2a.spec.Task;
import io.a2a.spec.TaskIdParams;
import io.a2a.spec.TaskQueryParams;
import io.a2a.spec.TextPart;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Calls other agents over A2A 0.3 (JSON-RPC): fetches a card as boundedly as a registration file (size, time, no
 * redirects, no private hosts unless allowed), refuses a card whose endpoint is on another origin than the card, and
 * sends tasks, polls them and cancels them through the SDK's {@code JSONRPCTransport} on a bounded HTTP client.
 */
public final class A2aClient {

    private final AgentUriResolver cards;
    private final HttpClient http;
    private final Duration callTimeout;
    private final int maxResponseBytes;
    private final Duration pollInterval;

    private A2aClient(Builder b) {
        this.cards = b.cards;
        this.callTimeout = b.callTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.pollInterval = b.pollInterval;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(b.callTimeout).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The client's bounds. */
    public static final class Builder {
        private AgentUriResolver cards = AgentUriResolver.builder().build();
        private Duration callTimeout = Duration.ofSeconds(30);
        private int maxResponseBytes = 1 << 20;
        private Duration pollInterval = Duration.ofMillis(250);

        private Builder() {
        }

        /** Fetches cards; its host rules (private hosts allowed for a devnet) apply to every call. */
        public Builder cards(AgentUriResolver cards) {
            this.cards = Objects.requireNonNull(cards, "cards");
            return this;
        }

        /** The longest one JSON-RPC call may take (default 30 s; a blocking send waits for short tasks). */
        public Builder callTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("callTimeout must be positive, got " + timeout);
            }
            this.callTimeout = timeout;
            return this;
        }

        /** The largest JSON-RPC answer accepted (default 1 MiB). */
        public Builder maxResponseBytes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive, got " + max);
            }
            this.maxResponseBytes = max;
            return this;
        }

        /** How often {@link #await} asks for a task's state (default 250 ms). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public A2aClient build() {
            return new A2aClient(this);
        }
    }

    /**
     * Fetches and checks the card at {@code cardUrl} (usually {@code <base>/.well-known/agent-card.json}); a card whose
     * JSON-RPC endpoint is on another origin than the card itself is refused.
     */
    public A2aCard card(String cardUrl) {
        byte[] json;
        try {
            json = cards.resolve(cardUrl);
        } catch (AgentUriException e) {
            throw new A2aException("cannot fetch the agent card at " + cardUrl + ": " + e.getMessage(), e);
        }
        A2aCard card = A2aCard.parse(json);
        String cardOrigin;
        try {
            cardOrigin = A2aCard.origin(cardUrl);
        } catch (IllegalArgumentException e) {
            throw new A2aException("the agent card address '" + cardUrl + "' is not an http(s) URL");
        }
        if (!card.origin().equals(cardOrigin)) {
            throw new A2aException("the agent card at " + cardUrl + " names its endpoint on " + card.origin()
                    + ", another origin than the card's; refused (a card may only speak for its own host)");
        }
        return card;
    }

    /**
     * Sends {@code text} with {@code metadata} as a new task and returns it as the agent answered (finished for a short
     * task, else submitted or working: {@link #await} it).
     *
     * @param headers extra HTTP headers, such as {@code Authorization}
     */
    public A2aTask send(A2aCard card, String text, Map<String, Object> metadata, Map<String, String> headers) {
        List<Part<?>> parts = new ArrayList<>();
        parts.add(new TextPart(text));
        Message message = new Message.Builder().role(Message.Role.USER).parts(parts).messageId(UUID.randomUUID().toString())
                .metadata(new HashMap<>(metadata)).build();
        MessageSendParams params = new MessageSendParams(message, new MessageSendConfiguration.Builder()
                .acceptedOutputModes(List.of("text/plain", "application/json")).blocking(true).build(), null);
        try (Transport t = transport(card)) {
            EventKind answer = t.transport().sendMessage(params, context(headers));
            if (answer instanceof Task task) {
                return A2aTask.of(task);
            }
            if (answer instanceof Message reply) {
                // an agent may answer with a message and no task: it finished at once
                StringBuilder replyText = new StringBuilder();
                Map<String, Object> data = new LinkedHashMap<>();
                A2aTask.collect(reply.getParts(), replyText, data);
                return new A2aTask(reply.getTaskId() == null ? "" : reply.getTaskId(),
                        reply.getContextId() == null ? "" : reply.getContextId(), A2aTaskState.COMPLETED, replyText.toString(), data, "");
            }
            throw new A2aException(card.name() + " answered message/send with neither a task nor a message");
        } catch (A2AClientException e) {
            throw failure(card, "message/send", e);
        }
    }

    /** The task's current state. */
    public A2aTask task(A2aCard card, String taskId, Map<String, String> headers) {
        try (Transport t = transport(card)) {
            return A2aTask.of(t.transport().getTask(new TaskQueryParams(taskId, 0), context(headers)));
        } catch (A2AClientException e) {
            throw failure(card, "tasks/get", e);
        }
    }

    /** Asks the agent to cancel the task; returns its state after. */
    public A2aTask cancel(A2aCard card, String taskId, Map<String, String> headers) {
        try (Transport t = transport(card)) {
            return A2aTask.of(t.transport().cancelTask(new TaskIdParams(taskId), context(headers)));
        } catch (A2AClientException e) {
            throw failure(card, "tasks/cancel", e);
        }
    }

    /** Polls {@code task} until it ends or {@code timeout} passes; returns its last state either way. */
    public A2aTask await(A2aCard card, A2aTask task, Duration timeout, Map<String, String> headers) {
        Instant until = Instant.now().plus(timeout);
        A2aTask current = task;
        while (!current.state().terminal() && current.state() != A2aTaskState.INPUT_REQUIRED
                && current.state() != A2aTaskState.AUTH_REQUIRED && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new A2aException("interrupted while waiting for " + card.name() + "'s task " + task.id(), e);
            }
            current = task(card, current.id(), headers);
        }
        return current;
    }

    private Transport transport(A2aCard card) {
        return new Transport(new JSONRPCTransport(new BoundedA2aHttpClient(http, card.origin(), callTimeout, maxResponseBytes),
                card.toSdk(), card.url(), List.of()));
    }

    private static ClientCallContext context(Map<String, String> headers) {
        return new ClientCallContext(new HashMap<>(), new HashMap<>(headers));
    }

    private static A2aException failure(A2aCard card, String method, A2AClientException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (detail.length() > 300) {
            detail = detail.substring(0, 297) + "...";
        }
        return new A2aException(card.name() + " (" + card.url() + ") failed " + method + ": " + detail, e);
    }

    /** Closes the SDK transport after one call. */
    private record Transport(JSONRPCTransport transport) implements AutoCloseable {
        @Override
        public void close() {
            transport.close();
        }
    }
}
