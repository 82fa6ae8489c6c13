package dev.bursar.runtime.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a remote model's API key comes from: a secret file (first line, trimmed) or an environment variable. The key
 * itself is read only when a client is built and never appears in {@link #toString()}, messages or logs.
 */
public sealed interface ApiKeySource {

    /** Reads the key; the error names the file or variable, never a value. */
    String resolve();

    static ApiKeySource file(Path path) {
        return new SecretFile(path);
    }

    static ApiKeySource env(String variable) {
        return new EnvVar(variable, System::getenv);
    }

    static ApiKeySource env(String variable, Map<String, String> environment) {
        return new EnvVar(variable, environment::get);
    }

    /** No key (local OpenAI-compatible servers, Ollama). */
    static ApiKeySource none() {
        return new None();
    }

    record SecretFile(Path path) implements ApiKeySource {
        public SecretFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String resolve() {
            try {
                String key = Files.readString(path, StandardCharsets.UTF_8).strip();
                if (key.isEmpty()) {
                    throw new ModelCatalogException("API key file " + path + " is empty");
                }
                return key.lines().findFirst().orElseThrow().strip();
            } catch (IOException e) {
                throw new ModelCatalogException("cannot read API key file " + path + " (" + e.getClass().getSimpleName() + ")");
            }
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    record EnvVar(String variable, Function<String, String> environment) implements ApiKeySource {
        public EnvVar {
            Objects.requireNonNull(variable, "variable");
        }

        @Override
        public String resolve() {
            String key = environment.apply(variable);
            if (key == null || key.isBlank()) {
                throw new ModelCatalogException("environment variable " + variable + " (the API key) is not set");
            }
            return key.strip();
        }

        @Override
        public String toString() {
            return "env:" + variable;
        }
    }

    record None() implements ApiKeySource {
        @Override
        public String resolve() {
            return null;
        }

        @Override
        public String toString() {
            return "none";
        }
    }
}
