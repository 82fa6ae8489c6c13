package dev.bursar.runtime.model;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import java.util.Map;

/**
 * Builds LangChain4j's provider clients for a {@link RemoteModelSpec}, wrapped so that 429, 5xx, timeouts and refused
 * connections are retried with the spec's {@link RetryPolicy} (streams only until their first token) and every
 * failure is a {@link RemoteModelException}. The providers' own retries are off; requests and responses are never
 * logged, so neither is the key.
 */
public final class RemoteChatModels {

    /** Anthropic's API version header; 2023-06-01 is the current stable Messages API. */
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private RemoteChatModels() {
    }

    public static ChatModel chatModel(RemoteModelSpec s) {
        ChatModel client = switch (s.provider()) {
            case OPENAI -> OpenAiChatModel.builder()
                    .baseUrl(s.baseUrl().toString())
                    .apiKey(openAiKey(s))
                    .modelName(s.modelId())
                    .timeout(s.timeout())
                    .maxRetries(0)
                    .temperature(s.temperature())
                    .maxTokens(s.maxTokens())
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .baseUrl(s.baseUrl().toString())
                    .apiKey(s.apiKey().resolve())
                    .version(ANTHROPIC_VERSION)
                    .modelName(s.modelId())
                    .timeout(s.timeout())
                    .maxRetries(0)
                    .temperature(s.temperature())
                    .maxTokens(s.maxTokens())
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case OLLAMA -> {
                OllamaChatModel.OllamaChatModelBuilder b = OllamaChatModel.builder();
                b.maxRetries(0);
                b.baseUrl(s.baseUrl().toString());
                b.customHeaders(ollamaHeaders(s));
                b.modelName(s.modelId());
                b.timeout(s.timeout());
                b.temperature(s.temperature());
                b.numPredict(s.maxTokens());
                b.logRequests(false);
                b.logResponses(false);
                yield b.build();
            }
        };
        return new RetryingChatModel(client, s);
    }

    public static StreamingChatModel streamingChatModel(RemoteModelSpec s) {
        StreamingChatModel client = switch (s.provider()) {
            case OPENAI -> OpenAiStreamingChatModel.builder()
                    .baseUrl(s.baseUrl().toString())
                    .apiKey(openAiKey(s))
                    .modelName(s.modelId())
                    .timeout(s.timeout())
                    .temperature(s.temperature())
                    .maxTokens(s.maxTokens())
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder()
                    .baseUrl(s.baseUrl().toString())
                    .apiKey(s.apiKey().resolve())
                    .version(ANTHROPIC_VERSION)
                    .modelName(s.modelId())
                    .timeout(s.timeout())
                    .temperature(s.temperature())
                    .maxTokens(s.maxTokens())
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case OLLAMA -> {
                OllamaStreamingChatModel.OllamaStreamingChatModelBuilder b = OllamaStreamingChatModel.builder();
                b.baseUrl(s.baseUrl().toString());
                b.customHeaders(ollamaHeaders(s));
                b.modelName(s.modelId());
                b.timeout(s.timeout());
                b.temperature(s.temperature());
                b.numPredict(s.maxTokens());
                b.logRequests(false);
                b.logResponses(false);
                yield (OllamaStreamingChatModel) b.build();
            }
        };
        return new RetryingStreamingChatModel(client, s);
    }

    private static String openAiKey(RemoteModelSpec s) {
        String key = s.apiKey().resolve();
        // OpenAI's client requires a key; local OpenAI-compatible servers ignore it.
        return key == null ? "no-key" : key;
    }

    /** Ollama needs no key; one behind an authenticating proxy (or ollama.com) takes it as a bearer token. */
    private static Map<String, String> ollamaHeaders(RemoteModelSpec s) {
        String key = s.apiKey().resolve();
        return key == null ? Map.of() : Map.of("Authorization", "Bearer " + key);
    }
}
