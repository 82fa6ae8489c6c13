package dev.bursar.runtime.model;

import java.nio.file.Path;
import java.util.Objects;

/** A GGUF run in process. {@link #defaultModel(String)} is the Gemma 3 270M that {@code bursar devnet} installs. */
public record LocalModelSpec(String name, LocalModelOptions options, Integer seed, int maxTokens) implements ModelSpec {

    /** The file name of the default GGUF inside {@code $BURSAR_CACHE/models} (or {@code ~/.cache/bursar/models}). */
    public static final String DEFAULT_GGUF = "gemma-3-270m-q4_k_m.gguf";

    public LocalModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
    }

    public static LocalModelSpec of(String name, Path gguf) {
        return new LocalModelSpec(name, LocalModelOptions.defaults(gguf), null, 512);
    }

    /** The devnet/PyPI default model at its cache path. */
    public static LocalModelSpec defaultModel(String name) {
        String cache = System.getenv("BURSAR_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "bursar");
        return of(name, root.resolve("models").resolve(DEFAULT_GGUF));
    }

    public LocalModelSpec withOptions(LocalModelOptions v) {
        return new LocalModelSpec(name, v, seed, maxTokens);
    }

    public LocalModelSpec withSeed(Integer v) {
        return new LocalModelSpec(name, options, v, maxTokens);
    }

    public LocalModelSpec withMaxTokens(int v) {
        return new LocalModelSpec(name, options, seed, v);
    }
}
