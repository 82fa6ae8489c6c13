package dev.bursar.runtime.boot;

import dev.bursar.runtime.agent.AgentDefinitionException;
import dev.bursar.runtime.agent.ModelProvider;
import dev.bursar.runtime.config.BursarConfig;
import dev.bursar.runtime.model.ApiKeySource;
import dev.bursar.runtime.model.LocalModelSpec;
import dev.bursar.runtime.model.ModelCatalog;
import dev.bursar.runtime.model.ModelCatalogException;
import dev.bursar.runtime.model.RemoteModelSpec;
import dev.langchain4j.model.chat.StreamingChatModel;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the model catalog from configuration ({@code local} from {@code bursar.local-model}, more from
 * {@code bursar.models.*}), validated at start, and resolves agents' model names against it.
 */
final class CatalogModelProvider implements ModelProvider {

    private final ModelCatalog catalog;

    CatalogModelProvider(BursarConfig config) {
        ModelCatalog.Builder builder = ModelCatalog.builder();
        config.localModel().ifPresent(path -> builder.add(LocalModelSpec.of("local", path)));
        for (Map.Entry<String, BursarConfig.Model> e : config.models().entrySet()) {
            BursarConfig.Model m = e.getValue();
            String provider = m.provider().toLowerCase(Locale.ROOT);
            if (provider.equals("local")) {
                builder.add(LocalModelSpec.of(e.getKey(), m.path().orElseThrow(() ->
                        new ModelCatalogException("bursar.models." + e.getKey() + ".path is required for a local model"))));
                continue;
            }
            RemoteModelSpec.Provider p;
            try {
                p = RemoteModelSpec.Provider.valueOf(provider.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new ModelCatalogException("bursar.models." + e.getKey() + ".provider: unknown provider '" + m.provider()
                        + "' (local, openai, anthropic, ollama)");
            }
            RemoteModelSpec spec = RemoteModelSpec.of(e.getKey(), p, m.modelId().orElseThrow(() ->
                    new ModelCatalogException("bursar.models." + e.getKey() + ".model-id is required")));
            if (m.baseUrl().isPresent()) {
                spec = spec.withBaseUrl(URI.create(m.baseUrl().get()));
            }
            if (m.apiKeyFile().isPresent()) {
                spec = spec.withApiKey(ApiKeySource.file(m.apiKeyFile().get()));
            } else if (m.apiKeyEnv().isPresent()) {
                spec = spec.withApiKey(ApiKeySource.env(m.apiKeyEnv().get()));
            }
            builder.add(spec);
        }
        this.catalog = builder.build();
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
