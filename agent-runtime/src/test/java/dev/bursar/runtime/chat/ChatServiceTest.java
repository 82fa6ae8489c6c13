package dev.bursar.runtime.chat;

import dev.bursar.runtime.agent.AgentAssistant;
import dev.bursar.runtime.agent.AgentDefinition;
import dev.bursar.runtime.agent.RunningAgent;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.service.AiServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turn handling without HTTP: a model that goes silent is cut off after the idle limit and frees its conversation, a
 * model that keeps streaming longer than the limit is not, and a conversation runs one turn at a time.
 */
class ChatServiceTest {

    private static final Duration IDLE_LIMIT = Duration.ofMillis(300);

    private final ChatService chat = new ChatService(new SimpleMeterRegistry(), IDLE_LIMIT);

    @AfterEach
    void stop() {
        chat.stop();
    }

    /** Streams {@code tokens} one every {@code gap} on its own thread, then answers; 0 tokens: never answers. */
    private record PacedModel(int tokens, Duration gap) implements StreamingChatModel {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            if (tokens == 0) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < tokens; i++) {
                    try {
                        Thread.sleep(gap);
                    } catch (InterruptedException e) {
                        return;
                    }
                    handler.onPartialResponse("t" + i + " ");
                    text.append("t").append(i).append(' ');
                }
                handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(text.toString())).build());
            });
        }
    }

    private static RunningAgent agent(StreamingChatModel model) {
        AgentAssistant assistant = AiServices.builder(AgentAssistant.class).streamingChatModel(model)
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(10)).build();
        AgentDefinition definition = new AgentDefinition("a1", "Agent one", "alice", null, "test", null, null, null, null, null, java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());
        return new RunningAgent(definition, assistant, null, List.of(), java.util.Optional.empty());
    }

    private List<ChatEvent> turn(RunningAgent agent, String conversation) {
        return chat.turn(agent, conversation, "hello").collect().asList().await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aModelThatGoesSilentIsCutOffAfterTheIdleLimitAndFreesItsConversation() {
        RunningAgent silent = agent(new PacedModel(0, Duration.ZERO));
        long t0 = System.nanoTime();
        List<ChatEvent> events = turn(silent, "c1");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(IDLE_LIMIT, Duration.ofSeconds(3));
        assertThat(events).extracting(ChatEvent::type).containsExactly("error");
        assertThat(events.getFirst().text()).contains("produced nothing for 300 ms");

        assertThat(turn(silent, "c1")).as("the next turn of that conversation is accepted, and cut off again")
                .extracting(ChatEvent::text).noneMatch(t -> t.contains("already has a turn in progress"));
    }

    @Test
    void aReplyStreamingLongerThanTheIdleLimitIsNotCutOff() {
        List<ChatEvent> events = turn(agent(new PacedModel(8, Duration.ofMillis(100))), "c1");
        assertThat(events).extracting(ChatEvent::type).endsWith("done").doesNotContain("error");
        assertThat(events.getLast().text()).isEqualTo("t0 t1 t2 t3 t4 t5 t6 t7 ");
    }

    @Test
    void aConversationRunsOneTurnAtATime() {
        RunningAgent slow = agent(new PacedModel(3, Duration.ofMillis(100)));
        var first = chat.turn(slow, "c1", "hello").collect().asList().subscribeAsCompletionStage();
        List<ChatEvent> second = turn(slow, "c1");
        assertThat(second).extracting(ChatEvent::text).containsExactly(
                "this conversation already has a turn in progress; wait for its answer");
        assertThat(first.toCompletableFuture().join()).extracting(ChatEvent::type).endsWith("done");
        assertThat(turn(slow, "c1")).extracting(ChatEvent::type).endsWith("done");
    }
}
