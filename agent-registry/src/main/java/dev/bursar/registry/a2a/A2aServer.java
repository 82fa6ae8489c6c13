package dev.bursar.registry.a2a;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.a2a.server.ServerCallContext;
import io.a2a.server.agentexecution.AgentExecutor;
import io.a2a.server.agentexecution.RequestContext;
import io.a2a.server.auth.User;
import io.a2a.server.events.EventQueue;
import io.a2a.server.events.InMemoryQueueManager;
import io.a2a.server.requesthandlers.DefaultRequestHandler;
import io.a2a.server.tasks.TaskUpdater;
import io.a2a.spec.CancelTaskRequest;
import io.a2a.spec.DataPart;
import io.a2a.spec.GetTaskRequest;
import io.a2a.spec.IdJsonMappingException;
import io.a2a.spec.InvalidParamsError;
import io.a2a.spec.InvalidParamsJsonMappingException;
import io.a2a.spec.InvalidRequestError;
import io.a2a.spec.JSONParseError;
import io.a2a.spec.JSONRPCErrorResponse;
import io.a2a.spec.JSONRPCResponse;
import io.a2a.spec.MethodNotFoundError;
import io.a2a.spec.MethodNotFoundJsonMappingException;
import io.a2a.spec.NonStreamingJSONRPCRequest;
import io.a2a.spec.Part;
import io.a2a.spec.SendMessageRequest;
import io.a2a.spec.TextPart;
import io.a2a.spec.UnsupportedOperationError;
import io.a2a.transport.jsonrpc.handler.JSONRPCHandler;
import io.a2a.util.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one agent's {@link A2aWork} over A2A 0.3's JSON-RPC binding, behind whatever HTTP layer the host has: it turns a
 * request body into a response body. {@code message/send}, {@code tasks/get} and {@code tasks/cancel} are served
 * (through the SDK's {@code JSONRPCHandler} and {@code DefaultRequestHandler}); streaming and push notifications are not
 * (the card says so, and the SDK answers "unsupported"), so a caller can never make this server call out to a URL.
 * Authentication is the host's job: it passes the authenticated caller's name to {@link #handle}.
 */
public final class A2aServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(A2aServer.class);
    private static final Set<String> SERVED = Set.of(SendMessageRequest.METHOD, GetTaskRequest.METHOD, CancelTaskRequest.METHOD);

    private final A2aCard card;
    private final ThreadPoolExecutor workers;
    private final JSONRPCHandler handler;

    private A2aServer(Builder b) {
        this.card = b.card;
        AtomicInteger n = new AtomicInteger();
        // bounded: a flood of tasks is refused (an internal error to the caller), not queued without end
        this.workers = new ThreadPoolExecutor(b.workers, b.workers, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(b.queue), r -> {
            Thread t = new Thread(r, "a2a-" + b.card.name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.workers.allowCoreThreadTimeOut(true);
        BoundedTaskStore tasks = new BoundedTaskStore(b.maxTasks);
        DefaultRequestHandler requests = DefaultRequestHandler.create(new WorkExecutor(b.work), tasks, new InMemoryQueueManager(tasks),
                null, null, workers);
        this.handler = new JSONRPCHandler(card.toSdk(), requests, workers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the server serves and how many tasks it runs at once. */
    public static final class Builder {
        private A2aCard card;
        private A2aWork work;
        private int workers = 4;
        private int queue = 64;
        private int maxTasks = 10_000;

        private Builder() {
        }

        /** The card served at {@code /.well-known/agent-card.json}; its url must be where the host mounts {@link #handle}. */
        public Builder card(A2aCard card) {
            this.card = Objects.requireNonNull(card, "card");
            return this;
        }

        public Builder work(A2aWork work) {
            this.work = Objects.requireNonNull(work, "work");
            return this;
        }

        /** How many tasks run at once (default 4) and how many may wait (default 64); more are refused. */
        public Builder workers(int workers, int queue) {
            if (workers < 1 || queue < 1) {
                throw new IllegalArgumentException("workers and queue must be positive, got " + workers + " and " + queue);
            }
            this.workers = workers;
            this.queue = queue;
            return this;
        }

        /** How many tasks the server remembers for tasks/get (default 10,000); the oldest are forgotten first. */
        public Builder maxTasks(int maxTasks) {
            if (maxTasks < 1) {
                throw new IllegalArgumentException("maxTasks must be positive, got " + maxTasks);
            }
            this.maxTasks = maxTasks;
            return this;
        }

        public A2aServer build() {
            Objects.requireNonNull(card, "card");
            Objects.requireNonNull(work, "work");
            return new A2aServer(this);
        }
    }

    public A2aCard card() {
        return card;
    }

    /** The body of {@code GET /.well-known/agent-card.json}. */
    public String cardJson() {
        return card.toJson();
    }

    /**
     * Handles one JSON-RPC request body and returns the response body (HTTP 200, {@code application/json}, errors
     * included as JSON-RPC errors).
     *
     * @param caller the authenticated caller, as the host's authentication named it
     */
    public String handle(String body, String caller) {
        Object id = null;
        try {
            JsonNode node = Utils.OBJECT_MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                return Utils.toJsonString(new JSONRPCErrorResponse(new InvalidRequestError()));
            }
            JsonNode idNode = node.get("id");
            id = idNode == null || idNode.isNull() ? null : idNode.isNumber() ? idNode.numberValue() : idNode.asText();
            JsonNode method = node.get("method");
            String name = method != null && method.isTextual() ? method.asText() : null;
            if (name != null && !SERVED.contains(name) && isKnownUnserved(name)) {
                return Utils.toJsonString(new JSONRPCErrorResponse(id, new UnsupportedOperationError()));
            }
            NonStreamingJSONRPCRequest<?> request = Utils.OBJECT_MAPPER.treeToValue(node, NonStreamingJSONRPCRequest.class);
            ServerCallContext context = new ServerCallContext(user(caller), new HashMap<>(), Set.of());
            JSONRPCResponse<?> response;
            if (request instanceof SendMessageRequest send) {
                response = handler.onMessageSend(send, context);
            } else if (request instanceof GetTaskRequest get) {
                response = handler.onGetTask(get, context);
            } else if (request instanceof CancelTaskRequest cancel) {
                response = handler.onCancelTask(cancel, context);
            } else {
                response = new JSONRPCErrorResponse(request.getId(), new UnsupportedOperationError());
            }
            return Utils.toJsonString(response);
        } catch (JsonProcessingException e) {
            return Utils.toJsonString(parseError(e, id));
        } catch (RuntimeException e) {
            LOG.warn("a2a request failed agent={} error={}", card.name(), e.getClass().getSimpleName());
            return Utils.toJsonString(new JSONRPCErrorResponse(id, new io.a2a.spec.InternalError("the agent could not handle this request")));
        }
    }

    private static boolean isKnownUnserved(String method) {
        return method.equals("message/stream") || method.equals("tasks/resubscribe") || method.startsWith("tasks/pushNotificationConfig/")
                || method.equals("agent/getAuthenticatedExtendedCard");
    }

    private static JSONRPCErrorResponse parseError(JsonProcessingException e, Object id) {
        if (e instanceof JsonParseException || e.getCause() instanceof JsonParseException) {
            return new JSONRPCErrorResponse(null, new JSONParseError());
        } else if (e instanceof MethodNotFoundJsonMappingException err) {
            return new JSONRPCErrorResponse(err.getId(), new MethodNotFoundError());
        } else if (e instanceof InvalidParamsJsonMappingException err) {
            return new JSONRPCErrorResponse(err.getId(), new InvalidParamsError());
        } else if (e instanceof IdJsonMappingException err) {
            return new JSONRPCErrorResponse(err.getId(), new InvalidRequestError());
        }
        return new JSONRPCErrorResponse(id, new InvalidRequestError());
    }

    private static User user(String caller) {
        String name = caller == null || caller.isBlank() ? "anonymous" : caller;
        return new User() {
            @Override
            public boolean isAuthenticated() {
                return caller != null && !caller.isBlank();
            }

            @Override
            public String getUsername() {
                return name;
            }
        };
    }

    /** Stops the workers; running tasks are interrupted. */
    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** Runs {@link A2aWork} for each message: submitted → working → completed with an artifact, rejected, or failed. */
    private record WorkExecutor(A2aWork work) implements AgentExecutor {

        @Override
        public void execute(RequestContext context, EventQueue queue) {
            TaskUpdater updater = new TaskUpdater(context, queue);
            if (context.getTask() == null) {
                updater.submit();
            }
            updater.startWork();
            StringBuilder text = new StringBuilder();
            Map<String, Object> data = new LinkedHashMap<>();
            if (context.getParams().metadata() != null) {
                data.putAll(context.getParams().metadata());
            }
            if (context.getMessage().getMetadata() != null) {
                data.putAll(context.getMessage().getMetadata());
            }
            A2aTask.collect(context.getMessage().getParts(), text, data);
            data.values().removeIf(Objects::isNull);
            A2aRequest request = new A2aRequest(context.getTaskId(), context.getContextId(), text.toString(), data,
                    context.getCallContext() == null ? "anonymous" : context.getCallContext().getUser().getUsername());
            try {
                A2aResult result = work.perform(request);
                List<Part<?>> parts = new ArrayList<>();
                parts.add(new TextPart(result.text()));
                if (!result.data().isEmpty()) {
                    parts.add(new DataPart(result.data()));
                }
                updater.addArtifact(parts, null, "result", null);
                updater.complete();
            } catch (A2aWorkRefusedException refused) {
                updater.reject(updater.newAgentMessage(List.of(new TextPart(refused.getMessage())), null));
            } catch (RuntimeException e) {
                LOG.warn("a2a task failed task={} error={}", context.getTaskId(), e.getClass().getSimpleName());
                updater.fail(updater.newAgentMessage(List.of(new TextPart("the agent could not do this task")), null));
            }
        }

        @Override
        public void cancel(RequestContext context, EventQueue queue) {
            new TaskUpdater(context, queue).cancel();
        }
    }
}
