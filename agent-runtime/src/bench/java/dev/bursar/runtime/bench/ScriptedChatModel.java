package dev.bursar.runtime.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic stand-in for a model in benchmarks, not an LLM: it streams one fixed answer word by word (47
 * tokens) on the caller's thread, or, when the user's last message mentions "balance", asks for the
 * {@code get_balance} tool once. Token usage is counted like a real provider reports it (input ≈ characters / 4).
 */
public final class ScriptedChatModel implements StreamingChatModel {

    /** The fixed reply: 47 words, streamed as one token each. */
    static final String ANSWER = ("I can check balances and make payments within the limits your owner set for me. "
            + "Every payment is checked against the spending policy and written to the journal before it leaves. "
            + "Ask me for a balance, an address, or to pay someone, and I will do it.").strip();

    private static final List<String> TOKENS = tokens(ANSWER);

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        List<ChatMessage> messages = request.messages();
        int input = inputTokens(messages);
        ChatMessage last = messages.get(messages.size() - 1);
        if (last instanceof UserMessage user && user.singleText().toLowerCase(Locale.ROOT).contains("balance")
                && !request.toolSpecifications().isEmpty()) {
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-" + messages.size()).name("get_balance")
                    .arguments("{\"asset\":\"ETH\"}").build();
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(call))
                    .tokenUsage(new TokenUsage(input, 12)).finishReason(FinishReason.TOOL_EXECUTION).build());
            return;
        }
        for (String token : TOKENS) {
            handler.onPartialResponse(token);
        }
        handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(ANSWER))
                .tokenUsage(new TokenUsage(input, TOKENS.size())).finishReason(FinishReason.STOP).build());
    }

    private static int inputTokens(List<ChatMessage> messages) {
        int chars = 0;
        for (ChatMessage m : messages) {
            chars += switch (m) {
                case UserMessage u -> u.singleText().length();
                case SystemMessage s -> s.text().length();
                case AiMessage a -> a.text() == null ? 40 : a.text().length();
                case ToolExecutionResultMessage t -> t.text().length();
                default -> 0;
            };
        }
        return Math.max(1, chars / 4);
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            out.add(i == 0 ? words[i] : " " + words[i]);
        }
        return List.copyOf(out);
    }
}
