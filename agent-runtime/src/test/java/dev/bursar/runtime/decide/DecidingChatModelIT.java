package dev.bursar.runtime.decide;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision path around a recording model, with the real embedding preselector: which turns code decides alone,
 * which reach the model, and with what tools. An IT (Failsafe's JVM) because DJL's tokenizer library loads once per
 * JVM, and Surefire's JVM has the Quarkus tests' class loader load it first.
 */
class DecidingChatModelIT {

    private static ToolPreselector preselector;

    private static final List<ToolSpecification> TOOLS = List.of(
            spec("get_balance", "Get the agent's spendable balance of one asset, or of every asset when none is named."),
            spec("send_payment", "Send ETH or a token to an EVM address. Policy may deny it or ask the owner to approve."),
            spec("weather_forecast", "Get tomorrow's weather forecast for a city: rain, sun, temperature."));

    @BeforeAll
    static void load() {
        preselector = ToolPreselector.of(LocalEmbeddings.allMiniLm());
    }

    private static ToolSpecification spec(String name, String description) {
        return ToolSpecification.builder().name(name).description(description)
                .parameters(JsonObjectSchema.builder().addStringProperty("city").build()).build();
    }

    /** Records what reaches the model; streams a fixed text answer. */
    private static final class RecordingModel implements ChatModel, StreamingChatModel {
        final List<ChatRequest> requests = new ArrayList<>();

        @Override
        public dev.langchain4j.model.chat.request.ChatRequestParameters defaultRequestParameters() {
            return dev.langchain4j.model.chat.request.DefaultChatRequestParameters.builder().build();
        }

        @Override
        public java.util.Set<dev.langchain4j.model.chat.Capability> supportedCapabilities() {
            return java.util.Set.of();
        }

        @Override
        public List<dev.langchain4j.model.chat.listener.ChatModelListener> listeners() {
            return List.of();
        }

        @Override
        public dev.langchain4j.model.ModelProvider provider() {
            return dev.langchain4j.model.ModelProvider.OTHER;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            requests.add(request);
            return ChatResponse.builder().aiMessage(AiMessage.from("model answer")).build();
        }

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            requests.add(request);
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("model answer")).build());
        }
    }

    private final RecordingModel model = new RecordingModel();
    private final DecidingChatModel deciding = new DecidingChatModel(model, model, preselector(), new TurnDecider(TurnSlotsTest.ASSETS, 0.04, 3),
            TurnSlotsTest.ASSETS, () -> TurnSlotsTest.BOOK);

    private static ToolPreselector preselector() {
        return preselector;
    }

    private record Outcome(List<ToolExecutionRequest> calls, ChatResponse response) {
    }

    private Outcome turn(ChatMessage... messages) throws Exception {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        deciding.chat(ChatRequest.builder().messages(messages).toolSpecifications(TOOLS).build(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
            }

            @Override
            public void onCompleteToolCall(CompleteToolCall toolCall) {
                calls.add(toolCall.toolExecutionRequest());
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return new Outcome(calls, done.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aClearPaymentIsCalledByCodeWithoutTheModel() throws Exception {
        Outcome o = turn(SystemMessage.from("persona"), UserMessage.from("send 0.01 ETH to " + TurnSlotsTest.STRANGER));
        assertThat(o.calls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("send_payment");
            assertThat(c.arguments()).contains(TurnSlotsTest.STRANGER).contains("0.01 ETH");
        });
        assertThat(model.requests).isEmpty();
    }

    @Test
    void aPluginToolsArgumentsAreWrittenByTheModelUnderThatToolAlone() throws Exception {
        turn(UserMessage.from("will it rain in Lisbon tomorrow? what's the forecast"));
        assertThat(model.requests).singleElement().satisfies(r -> {
            assertThat(r.toolSpecifications()).extracting(ToolSpecification::name).containsExactly("weather_forecast");
            assertThat(r.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        });
    }

    @Test
    void theAnswerAfterAToolResultGoesToTheModelAsIs() throws Exception {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("1").name("get_balance").arguments("{}").build();
        Outcome o = turn(UserMessage.from("balance?"), AiMessage.from(call), ToolExecutionResultMessage.from(call, "{\"summary\":\"1 ETH\"}"));
        assertThat(o.response().aiMessage().text()).isEqualTo("model answer");
        assertThat(model.requests).singleElement().satisfies(r -> assertThat(r.toolSpecifications()).hasSize(3));
    }

    @Test
    void theAnswerToAClarifyingQuestionCompletesTheRequest() throws Exception {
        Outcome first = turn(UserMessage.from("send 5 dUSD"));
        assertThat(first.calls()).isEmpty();
        assertThat(first.response().aiMessage().text()).endsWith("?");
        Outcome second = turn(UserMessage.from("send 5 dUSD"), first.response().aiMessage(), UserMessage.from("to alice"));
        assertThat(second.calls()).singleElement().satisfies(c -> assertThat(c.arguments()).contains("\"to\":\"alice\"").contains("5 dUSD"));
    }
}
