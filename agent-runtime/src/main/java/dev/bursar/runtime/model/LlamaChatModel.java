package dev.bursar.runtime.model;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A LangChain4j {@link ChatModel} and {@link StreamingChatModel} over a local GGUF run by java-llama.cpp.
 *
 * <p>Each request: the messages are rendered with the model's own chat template and trimmed to fit one slot
 * ({@link ChatPrompt}); a place is reserved in the model's bounded admission ({@link ModelBusyException} past it);
 * tokens are sampled with the request's temperature, top-p, max tokens and stop sequences and this model's seed (a
 * fixed seed makes runs reproducible). With tool specifications, decoding is constrained by the grammar of
 * {@link ToolCallProtocol}: the reply is a text answer or one valid tool call; an invalid call is re-asked once with
 * the error, then fails with {@link InvalidToolCallException}. Token usage counts the templated prompt and the
 * output with the model's tokenizer.
 *
 * <p>Streaming runs on a virtual thread; {@link PartialResponseContext#streamingHandle()} cancels it. Tool-call
 * replies are streamed whole once validated (a half-written call is never shown or executed).
 */
public final class LlamaChatModel implements ChatModel, StreamingChatModel {

    private static final Logger LOG = LoggerFactory.getLogger(LlamaChatModel.class);

    private final LocalModel model;
    private final ChatRequestParameters defaults;
    private final Integer seed;
    private final int maxToolStringLength;
    /** The smallest token budget a grammar-constrained tool call gets, whatever the request's max tokens. */
    static final int TOOL_CALL_MIN_TOKENS = 512;
    private final int toolCallsPerTurn;

    private LlamaChatModel(Builder b) {
        this.model = Objects.requireNonNull(b.model, "model");
        this.defaults = DefaultChatRequestParameters.builder()
                .modelName(model.name())
                .temperature(b.temperature)
                .topP(b.topP)
                .maxOutputTokens(b.maxTokens)
                .stopSequences(b.stopSequences)
                .build();
        this.seed = b.seed;
        this.maxToolStringLength = b.maxToolStringLength;
        this.toolCallsPerTurn = b.toolCallsPerTurn;
    }

    public static Builder builder() {
        return new Builder();
    }

    public LocalModel localModel() {
        return model;
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return defaults;
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        try (LocalModel.Permit ignored = model.admit()) {
            return respond(request, null, new AtomicBoolean(), true);
        }
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        LocalModel.Permit permit = model.admit();
        AtomicBoolean cancelled = new AtomicBoolean();
        StreamingHandle handle = new StreamingHandle() {
            @Override
            public void cancel() {
                cancelled.set(true);
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
        PartialResponseContext context = new PartialResponseContext(handle);
        Thread.ofVirtual().name("llama-stream-" + model.name()).start(() -> {
            ChatResponse response;
            try (permit) {
                response = respond(request,
                        token -> handler.onPartialResponse(new PartialResponse(token), context), cancelled, false);
            } catch (RuntimeException | Error e) {
                handler.onError(e);
                return;
            }
            try {
                AiMessage ai = response.aiMessage();
                if (ai.hasToolExecutionRequests()) {
                    for (int i = 0; i < ai.toolExecutionRequests().size(); i++) {
                        handler.onCompleteToolCall(new CompleteToolCall(i, ai.toolExecutionRequests().get(i)));
                    }
                } else if (hasTools(request) && ai.text() != null) {
                    handler.onPartialResponse(new PartialResponse(ai.text()), context);
                }
                handler.onCompleteResponse(response);
            } catch (RuntimeException e) {
                handler.onError(e);
            }
        });
    }

    private boolean hasTools(ChatRequest request) {
        List<ToolSpecification> tools = request.toolSpecifications();
        return tools != null && !tools.isEmpty() && request.toolChoice() != ToolChoice.NONE
                && toolResultsSinceUser(request) < toolCallsPerTurn;
    }

    /** How many tool results follow the last user message: once the turn's budget is used, the model must answer. */
    private static int toolResultsSinceUser(ChatRequest request) {
        int count = 0;
        List<dev.langchain4j.data.message.ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            dev.langchain4j.data.message.ChatMessage m = messages.get(i);
            if (m instanceof dev.langchain4j.data.message.UserMessage) {
                break;
            }
            if (m instanceof dev.langchain4j.data.message.ToolExecutionResultMessage) {
                count++;
            }
        }
        return count;
    }

    private ChatResponse respond(ChatRequest request, Consumer<String> onToken, AtomicBoolean cancelled, boolean sync) {
        ChatRequestParameters p = request.parameters();
        int maxTokens = p.maxOutputTokens() != null ? p.maxOutputTokens() : defaults.maxOutputTokens();
        if (!hasTools(request)) {
            List<ChatPrompt.Entry> entries = ChatPrompt.entries(request.messages(), null);
            ChatPrompt.Rendered prompt = ChatPrompt.fit(model, entries, maxTokens);
            Generation g = generate(prompt, null, p, maxTokens, onToken, cancelled, sync);
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from(g.text))
                    .modelName(model.name())
                    .tokenUsage(new TokenUsage(prompt.tokens(), g.outputTokens))
                    .finishReason(g.finishReason)
                    .build();
        }
        ToolCallProtocol protocol = ToolCallProtocol.of(request.toolSpecifications(),
                request.toolChoice() != ToolChoice.REQUIRED, maxToolStringLength);
        List<ChatPrompt.Entry> entries = new ArrayList<>(ChatPrompt.entries(request.messages(), protocol));
        TokenUsage usage = null;
        List<String> errors = List.of();
        String raw = "";
        for (int attempt = 1; attempt <= 2; attempt++) {
            ChatPrompt.Rendered prompt = ChatPrompt.fit(model, entries, maxTokens);
            long room = model.options().slotContext() - prompt.tokens() - 4L;
            Generation g = generate(prompt, protocol.grammar(), p, callBudget(protocol, room, maxTokens), null, cancelled, sync);
            usage = TokenUsage.sum(usage, new TokenUsage(prompt.tokens(), g.outputTokens));
            raw = g.text;
            if (g.finishReason == FinishReason.OTHER) {
                return ChatResponse.builder().aiMessage(AiMessage.from("")).modelName(model.name())
                        .tokenUsage(usage).finishReason(FinishReason.OTHER).build();
            }
            ToolCallProtocol.Parsed parsed = protocol.parse(raw);
            switch (parsed) {
                case ToolCallProtocol.Parsed.Answer a -> {
                    return ChatResponse.builder().aiMessage(AiMessage.from(a.text())).modelName(model.name())
                            .tokenUsage(usage).finishReason(FinishReason.STOP).build();
                }
                case ToolCallProtocol.Parsed.Call c -> {
                    return ChatResponse.builder().aiMessage(AiMessage.from(c.request())).modelName(model.name())
                            .tokenUsage(usage).finishReason(FinishReason.TOOL_EXECUTION).build();
                }
                case ToolCallProtocol.Parsed.Invalid inv -> {
                    errors = inv.errors();
                    LOG.debug("attempt {}: invalid tool call from {}: {} (output {})", attempt, model.name(), errors, raw);
                    entries.add(new ChatPrompt.Entry("assistant", raw));
                    entries.add(new ChatPrompt.Entry("user", "That reply is invalid: " + String.join("; ", errors)
                            + ". Reply again with exactly one valid JSON object."));
                }
            }
        }
        throw new InvalidToolCallException(raw, errors);
    }

    /**
     * Tokens a constrained call may take: the grammar bounds every string, so a call always ends, and the request's
     * max tokens must not cut a valid one short. Each token writes at least one byte, so the grammar's longest call in
     * bytes is enough; the room left in the context after the prompt caps it and is the budget of an unbounded
     * grammar. (Shortening the grammar's strings to fit would forbid valid values: an address, an invoice.)
     */
    private static int callBudget(ToolCallProtocol protocol, long room, int maxTokens) {
        long wanted = Math.max(maxTokens, Math.max(TOOL_CALL_MIN_TOKENS, protocol.maxCallBytes().orElse(room)));
        return (int) Math.max(maxTokens, Math.min(wanted, room));
    }

    private record Generation(String text, int outputTokens, FinishReason finishReason) {
    }

    private Generation generate(ChatPrompt.Rendered prompt, String grammar, ChatRequestParameters p, int maxTokens,
                                Consumer<String> onToken, AtomicBoolean cancelled, boolean sync) {
        InferenceParameters ip = new InferenceParameters(prompt.text())
                .setNPredict(maxTokens)
                .setTemperature(p.temperature() != null ? p.temperature().floatValue() : defaults.temperature().floatValue())
                .setTopP(p.topP() != null ? p.topP().floatValue() : defaults.topP().floatValue())
                .setSeed(seed != null ? seed : ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE))
                // A reused KV cache changes the numerics, so a fixed seed only reproduces without it.
                .setCachePrompt(seed == null);
        List<String> stops = p.stopSequences() != null && !p.stopSequences().isEmpty() ? p.stopSequences() : defaults.stopSequences();
        if (stops != null && !stops.isEmpty()) {
            ip.setStopStrings(stops.toArray(String[]::new));
        }
        if (grammar != null) {
            ip.setGrammar(grammar);
        }
        if (prompt.droppedTurns() > 0) {
            LOG.debug("dropped the {} oldest turns to fit {} tokens of context", prompt.droppedTurns(),
                    model.options().slotContext());
        }
        StringBuilder text = new StringBuilder();
        LlamaIterator it = model.llama().generate(ip).iterator();
        boolean stopped = false;
        try {
            while (it.hasNext()) {
                if (cancelled.get() || (sync && Thread.currentThread().isInterrupted())) {
                    it.cancel();
                    stopped = true;
                    break;
                }
                LlamaOutput out = it.next();
                if (!out.text.isEmpty()) {
                    text.append(out.text);
                    if (onToken != null) {
                        onToken.accept(out.text);
                    }
                }
            }
        } catch (RuntimeException e) {
            it.cancel();
            throw new ModelException("generation failed in " + model.name() + ": " + e.getMessage(), e);
        }
        if (stopped && sync && Thread.currentThread().isInterrupted()) {
            throw new ModelException("generation in " + model.name() + " was interrupted");
        }
        int outputTokens = model.countTokens(text.toString());
        FinishReason reason = stopped ? FinishReason.OTHER
                : outputTokens >= maxTokens ? FinishReason.LENGTH : FinishReason.STOP;
        return new Generation(text.toString(), outputTokens, reason);
    }

    public static final class Builder {
        private LocalModel model;
        private double temperature = 0.7;
        private double topP = 0.95;
        private int maxTokens = 512;
        private List<String> stopSequences = List.of();
        private Integer seed;
        private int maxToolStringLength = JsonSchemaGrammar.DEFAULT_MAX_STRING_LENGTH;
        private int toolCallsPerTurn = 1;

        /** The loaded model, from {@link LocalModelRegistry#load(LocalModelOptions)}. */
        public Builder model(LocalModel model) {
            this.model = model;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder stopSequences(List<String> stopSequences) {
            this.stopSequences = List.copyOf(stopSequences);
            return this;
        }

        /** A fixed sampling seed: the same request then gives the same reply. Unset means a random seed per call. */
        public Builder seed(Integer seed) {
            this.seed = seed;
            return this;
        }

        /** Longest string argument the tool grammar lets the model write (default 256). */
        /**
         * How many tool calls the model may make in one user turn before it must answer in words (default 1: a small
         * local model otherwise tends to call tools in a loop; multi-step work belongs inside one tool).
         */
        public Builder toolCallsPerTurn(int toolCallsPerTurn) {
            if (toolCallsPerTurn < 1) {
                throw new IllegalArgumentException("toolCallsPerTurn must be at least 1");
            }
            this.toolCallsPerTurn = toolCallsPerTurn;
            return this;
        }

        public Builder maxToolStringLength(int maxToolStringLength) {
            this.maxToolStringLength = maxToolStringLength;
            return this;
        }

        public LlamaChatModel build() {
            return new LlamaChatModel(this);
        }
    }
}
