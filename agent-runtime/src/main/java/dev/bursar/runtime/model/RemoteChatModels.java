package dev.bursar.runtime.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

/**
 * Builds LangChain4j's provider clients for a {@link RemoteModelSpec}. Blocking calls retry 429 and 5xx answers and
 * timeouts with exponential backoff ({@code maxRetries}, LangChain4j's retry policy); 4xx other than 429 fail at
 * once. Requests and responses are never logged, so neither is the key.
 */
public final class RemoteChatModels {

    private RemoteChatModels() {
    }

    public static ChatModel chatModel(RemoteModelSpec s) {
        return switch (s.provider()) {
            case OPENAI, ANTHROPIC -> OpenAiChatModel.builder()
                    .baseUrl(s.baseUrl().toString())
                    .apiKey(key(s))
                    .modelName(s.modelId())
                    .timeout(s.timeout())
                    .maxRetries(s.maxRetries())
                    .temperature(s.temperature())
                    .maxTokens(s.maxTokens())
                    .logRequests(false)
                    .build();
            case OLLAMA -> {
                OllamaChatModel.OllamaChatModelBuilder b = OllamaChatModel.builder();
                b.maxRetries(s.maxRetries());
                b.baseUrl(s.baseUrl().toString());
                b.modelName(s.modelId());
                b.timeout(s.timeout());
                b.temperature(s.temperature());
                b.numPredict(s.maxTokens());
                b.logRequests(false);
                yield b.build();
            }
        };
    }

    /** Streaming clients do not retry: a stream that already sent tokens cannot be replayed. */
    public static StreamingChatModel streamingChatModel(RemoteModelSpec s) {
        return switch (s.provider()) {
            case OPENAI, ANTHROPIC -> OpenAiStreamingChatModel.builder()
                    .baseUrl(s.baseUrl().toString())
                    .apiKey(key(s))
                    .modelName(s.modelId())
                    .timeout(s.timeout())
                    .temperature(s.temperature())
                    .maxTokens(s.maxTokens())
                    .logRequests(false)
                    .build();
            case OLLAMA -> {
                OllamaStreamingChatModel.OllamaStreamingChatModelBuilder b = OllamaStreamingChatModel.builder();
                b.baseUrl(s.baseUrl().toString());
                b.modelName(s.modelId());
                b.timeout(s.timeout());
                b.temperature(s.temperature());
                b.numPredict(s.maxTokens());
                b.logRequests(false);
                yield (OllamaStreamingChatModel) b.build();
            }
        };
    }

    private static String key(RemoteModelSpec s) {
        String key = s.apiKey().resolve();
        // OpenAI's client requires a key; local OpenAI-compatible servers ignore it.
        return key == null ? "no-key" : key;
    }
}
