package dev.bursar.runtime.model;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A model served by a remote provider. {@code baseUrl} may point anywhere that speaks the provider's API
 * (vLLM, llama-server, LM Studio speak OpenAI's); {@code timeout} bounds each attempt, {@code retry} says which
 * failures are tried again and how long to wait.
 */
public record RemoteModelSpec(String name, Provider provider, URI baseUrl, String modelId, ApiKeySource apiKey,
                              Duration timeout, RetryPolicy retry, Double temperature, Integer maxTokens)
        implements ModelSpec {

    /** The wire protocols Bursar speaks to remote models. */
    public enum Provider {
        /** OpenAI's chat completions API, or any server compatible with it. */
        OPENAI(URI.create("https://api.openai.com/v1"), true),
        /** Anthropic's Messages API ({@code POST /v1/messages}, {@code x-api-key}, {@code anthropic-version}). */
        ANTHROPIC(URI.create("https://api.anthropic.com/v1"), true),
        /** An Ollama server's native API ({@code /api/chat}); a key, if set, is sent as a bearer token. */
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
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    public static RemoteModelSpec of(String name, Provider provider, String modelId) {
        return new RemoteModelSpec(name, provider, null, modelId, null, null, null, null, null);
    }

    public RemoteModelSpec withBaseUrl(URI v) {
        return new RemoteModelSpec(name, provider, v, modelId, apiKey, timeout, retry, temperature, maxTokens);
    }

    public RemoteModelSpec withApiKey(ApiKeySource v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, v, timeout, retry, temperature, maxTokens);
    }

    public RemoteModelSpec withTimeout(Duration v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, apiKey, v, retry, temperature, maxTokens);
    }

    public RemoteModelSpec withRetry(RetryPolicy v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, apiKey, timeout, v, temperature, maxTokens);
    }

    public RemoteModelSpec withMaxRetries(int v) {
        return withRetry(retry.withMaxRetries(v));
    }

    public RemoteModelSpec withTemperature(Double v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, apiKey, timeout, retry, v, maxTokens);
    }

    public RemoteModelSpec withMaxTokens(Integer v) {
        return new RemoteModelSpec(name, provider, baseUrl, modelId, apiKey, timeout, retry, temperature, v);
    }
}
