package dev.bursar.runtime.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCatalogTest {

    @Test
    void missingGgufFailsWhenTheCatalogIsBuiltNamingModelAndFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelCatalog.builder().add(LocalModelSpec.of("chat", dir.resolve("absent.gguf"))).build())
                .isInstanceOf(ModelCatalogException.class)
                .hasMessageContaining("model 'chat'").hasMessageContaining("absent.gguf").hasMessageContaining("no such file");
    }

    @Test
    void fileThatIsNotAGgufIsRejected(@TempDir Path dir) throws Exception {
        Path fake = Files.writeString(dir.resolve("fake.gguf"), "<html>404</html>");
        assertThatThrownBy(() -> ModelCatalog.builder().add(LocalModelSpec.of("chat", fake)).build())
                .hasMessageContaining("fake.gguf").hasMessageContaining("GGUF magic");
        Path truncated = Files.write(dir.resolve("cut.gguf"), new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, 1});
        assertThatThrownBy(() -> ModelCatalog.builder().add(LocalModelSpec.of("chat", truncated)).build())
                .hasMessageContaining("cut.gguf").hasMessageContaining("truncated");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        ModelCatalog catalog = ModelCatalog.builder()
                .add(RemoteModelSpec.of("vllm", RemoteModelSpec.Provider.OPENAI, "qwen").withBaseUrl(URI.create("http://127.0.0.1:8000/v1")))
                .build();
        assertThatThrownBy(() -> catalog.chatModel("gpt-9"))
                .isInstanceOf(ModelCatalogException.class).hasMessageContaining("unknown model 'gpt-9'").hasMessageContaining("vllm");
        assertThat(catalog.chatModel("vllm")).isSameAs(catalog.chatModel("vllm"));
    }

    @Test
    void statusNamesARemoteModelsProviderAndHostWithoutCallingIt() {
        ModelCatalog catalog = ModelCatalog.builder()
                .add(RemoteModelSpec.of("vllm", RemoteModelSpec.Provider.OPENAI, "qwen").withBaseUrl(URI.create("http://127.0.0.1:9/v1")))
                .build();
        assertThat(catalog.status("vllm")).isEqualTo("remote openai at 127.0.0.1");
        assertThatThrownBy(() -> catalog.status("gpt")).isInstanceOf(ModelCatalogException.class).hasMessageContaining("unknown model 'gpt'");
    }

    @Test
    void everyProblemIsReportedAtOnceAndNoKeyValueLeaks(@TempDir Path dir) throws Exception {
        Path emptyKey = Files.writeString(dir.resolve("key"), "  \n");
        assertThatThrownBy(() -> ModelCatalog.builder()
                .add(RemoteModelSpec.of("openai", RemoteModelSpec.Provider.OPENAI, "gpt-4o-mini"))
                .add(RemoteModelSpec.of("claude", RemoteModelSpec.Provider.ANTHROPIC, "claude-x")
                        .withApiKey(ApiKeySource.env("BURSAR_TEST_UNSET_KEY", Map.of())))
                .add(RemoteModelSpec.of("file", RemoteModelSpec.Provider.OPENAI, "m").withApiKey(ApiKeySource.file(emptyKey)))
                .add(RemoteModelSpec.of("rel", RemoteModelSpec.Provider.OLLAMA, "m").withBaseUrl(URI.create("/v1")))
                .add(RemoteModelSpec.of("rel", RemoteModelSpec.Provider.OLLAMA, "m"))
                .build())
                .isInstanceOf(ModelCatalogException.class)
                .hasMessageContaining("model 'openai': OPENAI at https://api.openai.com/v1 needs an API key")
                .hasMessageContaining("BURSAR_TEST_UNSET_KEY (the API key) is not set")
                .hasMessageContaining("API key file " + emptyKey + " is empty")
                .hasMessageContaining("base URL /v1 is not an absolute")
                .hasMessageContaining("'rel' is defined twice");

        Path key = Files.writeString(dir.resolve("real"), "sk-secret-123\n");
        ApiKeySource source = ApiKeySource.file(key);
        assertThat(source.resolve()).isEqualTo("sk-secret-123");
        assertThat(source.toString()).doesNotContain("sk-secret");
        assertThat(ApiKeySource.env("K", Map.of("K", "sk-env")).toString()).isEqualTo("env:K");
    }
}
