package dev.bursar.runtime.boot;

import dev.bursar.runtime.agent.AgentDefinitionException;
import dev.bursar.runtime.agent.ModelProvider;
import dev.bursar.runtime.config.BursarConfig;
import dev.bursar.runtime.model.ApiKeySource;
import dev.bursar.runtime.model.LocalModelSpec;
import dev.bursar.runtime.model.ModelCatalog;
import dev.bursar.runtime.model.ModelCatalogException;
import dev.bursar.runtime.model.RemoteModelSpec;
import dev.bursar.runtime.model.RetryPolicy;
import dev.langchain4j.model.chat.StreamingChatModel;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the model catalog from configuration ({@code local} from {@code bursar.local-model}, more from
 * {@code bursar.models.*}), validated at start with every problem reported at once, and resolves agents' model
 * names against it.
 */
final class CatalogModelProvider implements ModelProvider {

    private final ModelCatalog catalog;

    CatalogModelProvider(BursarConfig config) {
        ModelCatalog.Builder builder = ModelCatalog.builder();
        config.localModel().ifPresent(path -> builder.add(LocalModelSpec.of("local", path)));
        for (Map.Entry<String, BursarConfig.Model> e : config.models().entrySet()) {
            try {
                builder.add(spec(e.getKey(), e.getValue()));
            } catch (ModelCatalogException | IllegalArgumentException ex) {
                builder.problem(ex.getMessage());
            }
        }
        this.catalog = builder.build();
    }

    private static dev.bursar.runtime.model.ModelSpec spec(String name, BursarConfig.Model m) {
        String key = "bursar.models." + name + ".";
        String provider = m.provider().strip().toLowerCase(Locale.ROOT);
        if (provider.equals("local")) {
            return LocalModelSpec.of(name, m.path().orElseThrow(() ->
                    new ModelCatalogException(key + "path is required for a local model")));
        }
        RemoteModelSpec.Provider p;
        try {
            p = RemoteModelSpec.Provider.valueOf(provider.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new ModelCatalogException(key + "provider: unknown provider '" + m.provider()
                    + "' (local, openai, anthropic, ollama; vLLM, llama-server and LM Studio are openai)");
        }
        RemoteModelSpec spec = RemoteModelSpec.of(name, p, m.modelId().filter(id -> !id.isBlank()).orElseThrow(() ->
                new ModelCatalogException(key + "model-id is required for a " + provider + " model")));
        if (m.baseUrl().isPresent()) {
            spec = spec.withBaseUrl(uri(key, m.baseUrl().get()));
        }
        if (m.apiKeyFile().isPresent()) {
            spec = spec.withApiKey(ApiKeySource.file(m.apiKeyFile().get()));
        } else if (m.apiKeyEnv().isPresent()) {
            spec = spec.withApiKey(ApiKeySource.env(m.apiKeyEnv().get()));
        }
        if (m.timeout().isPresent()) {
            spec = spec.withTimeout(positive(key + "timeout", m.timeout().get()));
        }
        RetryPolicy retry = RetryPolicy.DEFAULT;
        if (m.maxRetries().isPresent()) {
            if (m.maxRetries().getAsInt() < 0) {
                throw new ModelCatalogException(key + "max-retries must be 0 or more, was " + m.maxRetries().getAsInt());
            }
            retry = retry.withMaxRetries(m.maxRetries().getAsInt());
        }
        if (m.retryBackoff().isPresent()) {
            Duration first = positive(key + "retry-backoff", m.retryBackoff().get());
            retry = new RetryPolicy(retry.maxRetries(), first, first.compareTo(retry.maxBackoff()) > 0 ? first : retry.maxBackoff());
        }
        spec = spec.withRetry(retry);
        if (m.temperature().isPresent()) {
            spec = spec.withTemperature(m.temperature().getAsDouble());
        }
        if (m.maxTokens().isPresent()) {
            spec = spec.withMaxTokens(m.maxTokens().getAsInt());
        }
        return spec;
    }

    private static URI uri(String key, String value) {
        try {
            return new URI(value.strip());
        } catch (URISyntaxException ex) {
            throw new ModelCatalogException(key + "base-url '" + value + "' is not a URL (" + ex.getReason() + ")");
        }
    }

    private static Duration positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new ModelCatalogException(key + " must be positive, was " + d);
        }
        return d;
    }

    @Override
    public StreamingChatModel streaming(String modelName) {
        try {
            return catalog.streamingChatModel(modelName);
        } catch (ModelCatalogException e) {
            throw new AgentDefinitionException(e.getMessage(), e);
        }
    }

    ModelCatalog catalog() {
        return catalog;
    }
}
