package dev.bursar.runtime.boot;

import dev.bursar.runtime.config.BursarConfig;
import dev.bursar.runtime.model.ModelCatalogException;
import dev.bursar.runtime.model.RemoteModelSpec;
import dev.bursar.runtime.model.RetryPolicy;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bursar.models.*} as a user writes it, read through SmallRye Config's mapping as at boot. */
class CatalogModelProviderTest {

    private static BursarConfig config(String... keysAndValues) {
        Map<String, String> properties = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(BursarConfig.class)
                // Quarkus' converter, as at boot: "15s" as well as ISO-8601
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(BursarConfig.class);
    }

    @Test
    void remoteModelOptionsReachTheSpec(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("vllm.key"), "sk-vllm-secret\n");
        CatalogModelProvider provider = new CatalogModelProvider(config(
                "bursar.models.qwen.provider", "openai",
                "bursar.models.qwen.base-url", "http://127.0.0.1:8000/v1",
                "bursar.models.qwen.model-id", "Qwen/Qwen2.5-7B-Instruct",
                "bursar.models.qwen.api-key-file", key.toString(),
                "bursar.models.qwen.timeout", "15s",
                "bursar.models.qwen.max-retries", "4",
                "bursar.models.qwen.retry-backoff", "250ms",
                "bursar.models.qwen.temperature", "0.1",
                "bursar.models.qwen.max-tokens", "512"));

        RemoteModelSpec spec = (RemoteModelSpec) provider.catalog().spec("qwen");
        assertThat(spec.provider()).isEqualTo(RemoteModelSpec.Provider.OPENAI);
        assertThat(spec.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8000/v1"));
        assertThat(spec.modelId()).isEqualTo("Qwen/Qwen2.5-7B-Instruct");
        assertThat(spec.apiKey().resolve()).isEqualTo("sk-vllm-secret");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(spec.retry()).isEqualTo(new RetryPolicy(4, Duration.ofMillis(250), RetryPolicy.DEFAULT.maxBackoff()));
        assertThat(spec.temperature()).isEqualTo(0.1);
        assertThat(spec.maxTokens()).isEqualTo(512);
        assertThat(provider.streaming("qwen")).isNotNull();
    }

    @Test
    void everyBadEntryIsReportedAtBootNamingItsProperty() {
        assertThatThrownBy(() -> new CatalogModelProvider(config(
                "bursar.models.a.provider", "gemini",
                "bursar.models.a.model-id", "x",
                "bursar.models.b.provider", "anthropic",
                "bursar.models.b.model-id", "claude-sonnet-4-5",
                "bursar.models.b.api-key-env", "BURSAR_TEST_SURELY_UNSET_KEY_4711",
                "bursar.models.c.provider", "openai",
                "bursar.models.c.model-id", "gpt-4o-mini",
                "bursar.models.d.provider", "ollama",
                "bursar.models.e.provider", "openai",
                "bursar.models.e.model-id", "m",
                "bursar.models.e.base-url", "http://bad host/v1",
                "bursar.models.f.provider", "ollama",
                "bursar.models.f.model-id", "llama3.2",
                "bursar.models.f.max-retries", "-1")))
                .isInstanceOf(ModelCatalogException.class)
                .hasMessageContaining("bursar.models.a.provider: unknown provider 'gemini' (local, openai, anthropic, ollama")
                .hasMessageContaining("model 'b': environment variable BURSAR_TEST_SURELY_UNSET_KEY_4711 (the API key) is not set")
                .hasMessageContaining("model 'c': OPENAI at https://api.openai.com/v1 needs an API key (api-key-env or api-key-file)")
                .hasMessageContaining("or a base-url on this machine for a local server")
                .hasMessageContaining("bursar.models.d.model-id is required for a ollama model")
                .hasMessageContaining("bursar.models.e.base-url 'http://bad host/v1' is not a URL")
                .hasMessageContaining("bursar.models.f.max-retries must be 0 or more, was -1");
    }

    @Test
    void relativeBaseUrlIsRejectedAndAKeylessLocalServerIsAccepted() {
        assertThatThrownBy(() -> new CatalogModelProvider(config(
                "bursar.models.lm.provider", "openai",
                "bursar.models.lm.model-id", "m",
                "bursar.models.lm.base-url", "localhost:1234/v1")))
                .isInstanceOf(ModelCatalogException.class)
                .hasMessageContaining("model 'lm': base URL localhost:1234/v1 is not an absolute http(s) URL");

        CatalogModelProvider ok = new CatalogModelProvider(config(
                "bursar.models.lm.provider", "openai",
                "bursar.models.lm.model-id", "m",
                "bursar.models.lm.base-url", "http://localhost:1234/v1"));
        assertThat(ok.catalog().names()).containsExactly("lm");
    }
}
