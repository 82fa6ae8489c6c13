package dev.bursar.runtime.decide;

import dev.bursar.wallet.Asset;
import dev.bursar.wallet.binding.AddressBook;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The local model's decision path, as a {@link StreamingChatModel} in front of it. On each user turn with tools, code
 * reads the message's slots ({@link TurnSlots}), the preselector ranks the tools, and {@link TurnDecider} decides:
 * a built-in tool is called with arguments filled by code, a missing or unclear argument becomes a question, plain
 * talk goes to the model without tools. Only when the ranking is close does the model choose, from an enum of the
 * close tools (stage one); a plugin tool's arguments are then written by the model under that tool's schema grammar
 * (stage two). Every other request (a turn without tools, the answer after a tool result) goes to the model as is.
 */
public final class DecidingChatModel implements StreamingChatModel {

    private static final Logger LOG = LoggerFactory.getLogger(DecidingChatModel.class);

    /** A plain answer stays short: a small model's long answers wander. */
    static final int MAX_ANSWER_TOKENS = 96;

    private final ChatModel chooser;
    private final StreamingChatModel model;
    private final ToolPreselector preselector;
    private final TurnDecider decider;
    private final List<Asset> assets;
    private final Supplier<AddressBook> addressBook;

    /**
     * @param chooser the same model, called synchronously for stage one
     * @param model the model that answers in words and writes plugin tools' arguments
     * @param addressBook the agent owner's address book, read on every turn
     */
    public DecidingChatModel(ChatModel chooser, StreamingChatModel model, ToolPreselector preselector, TurnDecider decider,
                             List<Asset> assets, Supplier<AddressBook> addressBook) {
        this.chooser = chooser;
        this.model = model;
        this.preselector = preselector;
        this.decider = decider;
        this.assets = List.copyOf(assets);
        this.addressBook = addressBook;
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return model.defaultRequestParameters();
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        List<ToolSpecification> tools = request.toolSpecifications();
        List<ChatMessage> messages = request.messages();
        if (tools == null || tools.isEmpty() || request.toolChoice() == ToolChoice.NONE || messages.isEmpty()
                || !(messages.getLast() instanceof UserMessage)) {
            model.chat(request, handler);
            return;
        }
        Thread.ofVirtual().name("bursar-decide").start(() -> {
            try {
                decideAndRespond(request, tools, handler);
            } catch (RuntimeException | Error e) {
                handler.onError(e);
            }
        });
    }

    private void decideAndRespond(ChatRequest request, List<ToolSpecification> tools, StreamingChatResponseHandler handler) {
        String said = turnText(request.messages());
        TurnSlots slots = TurnSlots.read(said, assets, addressBook.get());
        Map<String, ToolSpecification> byName = tools.stream().collect(Collectors.toMap(ToolSpecification::name, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new));
        Set<String> available = byName.keySet();
        List<ToolPreselector.Scored> ranking = preselector.rank(slots.rankingText(), tools);
        ToolDecision decision = decider.decide(slots, ranking, available);
        if (decision instanceof ToolDecision.Choose choose) {
            String chosen = choose(request.messages(), choose.tools(), byName);
            LOG.debug("model chose {} among {}", chosen, choose.tools());
            decision = decider.after(chosen, slots, available);
        }
        LOG.debug("turn decided: {} (ranking {})", decision.getClass().getSimpleName(), ranking);
        switch (decision) {
            case ToolDecision.Call call -> respondWithCall(handler, ToolExecutionRequest.builder()
                    .id("call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                    .name(call.tool()).arguments(call.arguments()).build());
            case ToolDecision.Ask ask -> respondWithText(handler, ask.question());
            case ToolDecision.Answer a -> model.chat(ChatRequest.builder().messages(request.messages())
                    .parameters(ChatRequestParameters.builder().maxOutputTokens(MAX_ANSWER_TOKENS).build())
                    .build(), handler);
            case ToolDecision.Delegate d -> model.chat(ChatRequest.builder().messages(request.messages())
                    .toolSpecifications(List.of(byName.get(d.tool()))).toolChoice(ToolChoice.REQUIRED).build(), handler);
            case ToolDecision.Choose c -> throw new IllegalStateException("a choice was already made");
        }
    }

    /**
     * What the user said this turn. When the agent's last reply was a question, the user's message before it is read
     * too: "send 5 dUSD", "to whom?", "alice" is one request.
     */
    static String turnText(List<ChatMessage> messages) {
        String last = textOf((UserMessage) messages.getLast());
        int i = messages.size() - 2;
        if (i >= 1 && messages.get(i) instanceof AiMessage ai && !ai.hasToolExecutionRequests() && ai.text() != null
                && ai.text().strip().endsWith("?") && messages.get(i - 1) instanceof UserMessage earlier) {
            return textOf(earlier) + "\n" + last;
        }
        return last;
    }

    private static String textOf(UserMessage m) {
        StringBuilder out = new StringBuilder();
        for (Content c : m.contents()) {
            if (c instanceof TextContent t) {
                out.append(out.isEmpty() ? "" : "\n").append(t.text());
            }
        }
        return out.toString();
    }

    /** Stage one: the model picks a tool name (or answering) from an enum of the close candidates. */
    private String choose(List<ChatMessage> messages, List<String> candidates, Map<String, ToolSpecification> byName) {
        List<ToolSpecification> names = new ArrayList<>();
        for (String c : candidates) {
            ToolSpecification spec = byName.get(c);
            String description = spec != null ? spec.description()
                    : ToolPreselector.GREET.equals(c) ? "Greet the user and say what you can do." : "Reply to the user in words, with no tool.";
            names.add(ToolSpecification.builder().name(c).description(description).build());
        }
        List<ChatMessage> prompt = new ArrayList<>();
        messages.stream().filter(SystemMessage.class::isInstance).findFirst().ifPresent(prompt::add);
        prompt.add(messages.getLast());
        // answering is one more name of the enum: the model picks a name and writes nothing else
        ChatResponse r = chooser.chat(ChatRequest.builder().messages(prompt).toolSpecifications(names)
                .toolChoice(ToolChoice.REQUIRED).build());
        return r.aiMessage().hasToolExecutionRequests() ? r.aiMessage().toolExecutionRequests().getFirst().name() : ToolPreselector.ANSWER;
    }

    private static void respondWithCall(StreamingChatResponseHandler handler, ToolExecutionRequest call) {
        handler.onCompleteToolCall(new CompleteToolCall(0, call));
        handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(call)).finishReason(FinishReason.TOOL_EXECUTION).build());
    }

    private static void respondWithText(StreamingChatResponseHandler handler, String text) {
        handler.onPartialResponse(new PartialResponse(text), new PartialResponseContext(new StreamingHandle() {
            @Override
            public void cancel() {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        }));
        handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(text)).finishReason(FinishReason.STOP).build());
    }
}
