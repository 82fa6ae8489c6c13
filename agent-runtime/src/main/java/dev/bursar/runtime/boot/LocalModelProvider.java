package dev.bursar.runtime.boot;

import dev.bursar.runtime.agent.AgentDefinitionException;
import dev.bursar.runtime.agent.ModelProvider;
import dev.bursar.runtime.model.LlamaChatModel;
import dev.bursar.runtime.model.LocalModelOptions;
import dev.bursar.runtime.model.LocalModelRegistry;
import dev.langchain4j.model.chat.StreamingChatModel;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model names agents may use in this runtime: {@code local} is the configured GGUF (the devnet's Gemma 3 270M by
 * default), loaded once and shared by every agent.
 */
final class LocalModelProvider implements ModelProvider {

    private final Optional<Path> localModel;
    private final Map<String, StreamingChatModel> models = new ConcurrentHashMap<>();

    LocalModelProvider(Optional<Path> localModel) {
        this.localModel = localModel;
    }

    @Override
    public StreamingChatModel streaming(String modelName) {
        if (!"local".equals(modelName)) {
            throw new AgentDefinitionException("unknown model '" + modelName + "': this runtime offers 'local' (bursar.local-model)");
        }
        Path path = localModel.orElseThrow(() -> new AgentDefinitionException(
                "model 'local' needs bursar.local-model, the path of a GGUF file"));
        return models.computeIfAbsent(modelName, n -> LlamaChatModel.builder()
                .model(LocalModelRegistry.shared().load(LocalModelOptions.defaults(path)))
                .temperature(0.2).maxTokens(256).seed(7).build());
    }

    boolean loaded() {
        return !models.isEmpty();
    }
}
