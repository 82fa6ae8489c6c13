package dev.bursar.runtime.model;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A model served by a remote provider. {@code baseUrl} may point anywhere that speaks the provider's API
 * (vLLM, llama-server, LM Studio speak OpenAI's).
 */
public record RemoteModelSpec(String name, Provider provider, URI baseUrl, String modelId, ApiKeySource apiKey,
                              Duration timeout, int maxRetries, Double temperature, Integer maxTokens)
        implements ModelSpec {

    public enum Provider {
        /** OpenAI's chat completions API, or any server compatible with it. */
        OPENAI(URI.create("https://api.openai.com/v1"), true),
        /** Anthropic, through its OpenAI-compatible endpoint (see docs/decisions.md, Models). */
        ANTHROPIC(URI.create("https://api.anthropic.com/v1"), true),
        /** An Ollama server's native API. */
        OLLAMA(URI.create("http://127.0.0.1:11434"), false);

        private final URI defaultBaseUrl;
        private final boolean needsKey;

        Provider(URI defaultBaseUrl, boolean needsKey) {
            this.defaultBaseUrl = defaultBaseUrl;
            this.needsKey = needsKey;
        }

        public URI defaultBaseUrl() {
            return defaultBaseUrl;
        }

        public boolean needsKey() {
            return needsKey;
        }
    }

    public RemoteModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(modelId, "modelId");
        baseUrl = baseUrl == null ? provider.defaultBaseUrl() : baseUrl;
        apiKey = apiKey == null ? ApiKeySource.none() : apiKey;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
    }

    public static RemoteModelSpec of(String name, Provider provider, String modelId) {
        return new RemoteModelSpec(name, provider, null, modelId, null, null, 2, null, null);
    }

    public RemoteModelSpec withBaseUrl(URI v) {
        return new RemoteModelSpec(name, provider, v, modelId, apiKey, timeout, maxRetries, temperature, maxTokens);
    }

    public RemoteModelSpec withApiKey(ApiKeySource v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, v, timeout, maxRetries, temperature, maxTokens);
    }

    public RemoteModelSpec withTimeout(Duration v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, apiKey, v, maxRetries, temperature, maxTokens);
    }

    public RemoteModelSpec withMaxRetries(int v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, apiKey, timeout, v, temperature, maxTokens);
    }

    public RemoteModelSpec withTemperature(Double v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, apiKey, timeout, maxRetries, v, maxTokens);
    }

    public RemoteModelSpec withMaxTokens(Integer v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, apiKey, timeout, maxRetries, temperature, v);
    }
}
