package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ollama's native {@code /api/chat} (NDJSON streaming), bodies as in Ollama's API docs; the key, read from a secret
 * file, goes out as a bearer token as an authenticating proxy in front of Ollama expects.
 */
class OllamaProviderTest extends RemoteProviderContract {

    @TempDir
    Path dir;

    @Override
    RemoteModelSpec.Provider provider() {
        return RemoteModelSpec.Provider.OLLAMA;
    }

    @Override
    String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    @Override
    String chatPath() {
        return "/api/chat";
    }

    @Override
    ApiKeySource keySource() {
        try {
            return ApiKeySource.file(Files.writeString(dir.resolve("ollama.key"), KEY + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    String textReply() {
        return """
                {"model":"m-1","created_at":"2023-12-12T14:13:43.416799Z",
                 "message":{"role":"assistant","content":"Hello there"},
                 "done":true,"done_reason":"stop","total_duration":5191566416,"load_duration":2154458,
                 "prompt_eval_count":9,"prompt_eval_duration":383809000,"eval_count":12,"eval_duration":4799921000}""";
    }

    @Override
    String toolCallReply() {
        return """
                {"model":"m-1","created_at":"2024-07-22T20:33:28.123648Z",
                 "message":{"role":"assistant","content":"",
                   "tool_calls":[{"function":{"name":"send_payment","arguments":{"to":"0xabc","amount":"0.1"}}}]},
                 "done_reason":"stop","done":true,"total_duration":885095291,"load_duration":3753500,
                 "prompt_eval_count":122,"prompt_eval_duration":328493000,"eval_count":33,"eval_duration":552222000}""";
    }

    @Override
    String streamBody() {
        return line("Hel", false) + line("lo", false) + line(" there", false)
                + "{\"model\":\"m-1\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4883583458,\"load_duration\":1334875,"
                + "\"prompt_eval_count\":9,\"prompt_eval_duration\":342546000,\"eval_count\":3,\"eval_duration\":4535599000}\n";
    }

    private static String line(String token, boolean done) {
        return "{\"model\":\"m-1\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":\"assistant\",\"content\":\""
                + token + "\"},\"done\":" + done + "}\n";
    }

    @Override
    String streamContentType() {
        return "application/x-ndjson";
    }

    @Override
    String errorBody(int status) {
        return switch (status) {
            case 401 -> "{\"error\":\"unauthorized\"}";
            case 429 -> "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}";
            default -> "{\"error\":\"llama runner process has terminated: signal: killed\"}";
        };
    }

    @Override
    void assertAuthenticated(LoggedRequest request) {
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Override
    void assertChatBody(JsonNode body) {
        assertThat(body.path("model").asText()).isEqualTo("m-1");
        assertThat(body.path("stream").asBoolean()).isFalse();
        assertThat(body.path("options").path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("options").path("num_predict").asInt()).isEqualTo(64);
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Say hello");
    }

    @Override
    void assertToolResultSent(JsonNode body) {
        JsonNode messages = body.path("messages");
        assertThat(messages.get(1).path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("send_payment");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("sent");
    }
}
