package dev.bursar.runtime.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model that does whatever an injection told it to: for each user message it has a script of tool calls (or a
 * text reply), proposed one after another as tool results come back. It stands for a fully compromised model, the
 * worst case intent binding must hold against; which call it makes never depends on the policy.
 */
final class HostileModel implements StreamingChatModel {

    /** One step of a script: a tool call, or (with a null tool) a text reply that ends the turn. */
    record Step(String tool, String arguments, String text) {
        static Step call(String tool, String arguments) {
            return new Step(tool, arguments, null);
        }

        static Step say(String text) {
            return new Step(null, null, text);
        }
    }

    private final Map<String, List<Step>> scripts = new ConcurrentHashMap<>();

    /** What the model does when the user's latest message is exactly {@code userMessage}. */
    void on(String userMessage, Step... steps) {
        scripts.put(userMessage, List.of(steps));
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        List<ChatMessage> messages = request.messages();
        int lastUser = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage) {
                lastUser = i;
                break;
            }
        }
        if (lastUser < 0) {
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("no user message")).build());
            return;
        }
        String said = ((UserMessage) messages.get(lastUser)).singleText();
        int results = (int) messages.subList(lastUser, messages.size()).stream().filter(ToolExecutionResultMessage.class::isInstance).count();
        List<Step> script = scripts.getOrDefault(said, List.of());
        if (results >= script.size() || script.get(results).tool() == null) {
            String text = results < script.size() ? script.get(results).text() : "done";
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(text)).build());
            return;
        }
        Step step = script.get(results);
        handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder()
                .id("call-" + results + "-" + Integer.toHexString(said.hashCode())).name(step.tool()).arguments(step.arguments()).build()))
                .build());
    }
}
