package dev.bursar.runtime.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named models agents may use. {@link Builder#build()} validates every entry up front (local GGUF present and a
 * GGUF, remote base URL absolute http(s), API key readable) and reports all problems at once, so a bad catalog fails
 * at start-up rather than at the first chat. Local models load on first use (or {@link #warmUp()}), once per file.
 */
public final class ModelCatalog {

    private final Map<String, ModelSpec> specs;
    private final LocalModelRegistry registry;
    private final Map<String, Object> clients = new ConcurrentHashMap<>();

    private ModelCatalog(Map<String, ModelSpec> specs, LocalModelRegistry registry) {
        this.specs = Collections.unmodifiableMap(specs);
        this.registry = registry;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> names() {
        return List.copyOf(specs.keySet());
    }

    public ModelSpec spec(String name) {
        ModelSpec spec = specs.get(name);
        if (spec == null) {
            throw new ModelCatalogException("unknown model '" + name + "'; the catalog has " + specs.keySet());
        }
        return spec;
    }

    public ChatModel chatModel(String name) {
        return switch (spec(name)) {
            case LocalModelSpec l -> local(l);
            case RemoteModelSpec r -> (ChatModel) clients.computeIfAbsent("chat:" + name, k -> RemoteChatModels.chatModel(r));
        };
    }

    public StreamingChatModel streamingChatModel(String name) {
        return switch (spec(name)) {
            case LocalModelSpec l -> local(l);
            case RemoteModelSpec r -> (StreamingChatModel) clients.computeIfAbsent("stream:" + name,
                    k -> RemoteChatModels.streamingChatModel(r));
        };
    }

    /**
     * What a health check can say of model {@code name} without a network call or a load: a local model is
     * {@code loaded}, or its file is checked; a remote one is named by provider and host.
     *
     * @throws ModelLoadException if a local model is not loaded and its file is missing or not a GGUF
     */
    public String status(String name) {
        return switch (spec(name)) {
            case LocalModelSpec l -> {
                if (clients.containsKey("local:" + l.name())) {
                    yield "loaded";
                }
                LocalModelRegistry.checkGguf(l.options().path());
                yield "not loaded yet; loads on first use";
            }
            case RemoteModelSpec r -> "remote " + r.provider().name().toLowerCase(java.util.Locale.ROOT) + " at " + r.baseUrl().getHost();
        };
    }

    /** Loads every local model now (slow: do it at start-up, not on a request). */
    public void warmUp() {
        specs.values().forEach(s -> {
            if (s instanceof LocalModelSpec l) {
                local(l);
            }
        });
    }

    private LlamaChatModel local(LocalModelSpec l) {
        return (LlamaChatModel) clients.computeIfAbsent("local:" + l.name(), k -> LlamaChatModel.builder()
                .model(registry.load(l.options())).seed(l.seed()).maxTokens(l.maxTokens())
                // greedy: an agent that moves money should pick the same tool for the same words every time
                .temperature(0.0).build());
    }

    public static final class Builder {
        private final Map<String, ModelSpec> specs = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private LocalModelRegistry registry = LocalModelRegistry.shared();

        public Builder add(ModelSpec spec) {
            if (spec.name().isBlank() || !spec.name().matches("[A-Za-z0-9._:-]+")) {
                problems.add("model name '" + spec.name() + "' must be letters, digits, '.', '_', ':' or '-'");
            } else if (specs.putIfAbsent(spec.name(), spec) != null) {
                problems.add("model '" + spec.name() + "' is defined twice");
            }
            return this;
        }

        /** Records a problem found before a spec could be made (bad configuration); {@link #build()} reports it with the rest. */
        public Builder problem(String description) {
            problems.add(description);
            return this;
        }

        Builder registry(LocalModelRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** @throws ModelCatalogException listing every invalid entry */
        public ModelCatalog build() {
            List<String> all = new ArrayList<>(problems);
            for (ModelSpec spec : specs.values()) {
                try {
                    validate(spec);
                } catch (ModelException e) {
                    all.add("model '" + spec.name() + "': " + e.getMessage());
                }
            }
            if (!all.isEmpty()) {
                throw new ModelCatalogException("invalid model catalog: " + String.join("; ", all));
            }
            return new ModelCatalog(new LinkedHashMap<>(specs), registry);
        }

        private static void validate(ModelSpec spec) {
            switch (spec) {
                case LocalModelSpec l -> LocalModelRegistry.checkGguf(l.options().path());
                case RemoteModelSpec r -> {
                    URI u = r.baseUrl();
                    if (!u.isAbsolute() || u.getHost() == null
                            || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                        throw new ModelCatalogException("base URL " + u + " is not an absolute http(s) URL");
                    }
                    if (r.modelId().isBlank()) {
                        throw new ModelCatalogException("no model id");
                    }
                    if (r.provider().needsKey() && r.apiKey() instanceof ApiKeySource.None
                            && !isLoopback(u)) {
                        throw new ModelCatalogException(r.provider() + " at " + u + " needs an API key (api-key-env or api-key-file), "
                                + "or a base-url on this machine for a local server");
                    }
                    r.apiKey().resolve();
                }
            }
        }

        private static boolean isLoopback(URI u) {
            return u.getHost().equals("127.0.0.1") || u.getHost().equals("localhost") || u.getHost().equals("[::1]");
        }
    }
}
