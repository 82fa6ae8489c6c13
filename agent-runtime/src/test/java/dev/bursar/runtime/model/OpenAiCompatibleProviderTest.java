package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenAI's chat completions API (also vLLM, llama-server, LM Studio), bodies as in OpenAI's API reference. */
class OpenAiCompatibleProviderTest extends RemoteProviderContract {

    @Override
    RemoteModelSpec.Provider provider() {
        return RemoteModelSpec.Provider.OPENAI;
    }

    @Override
    String chatPath() {
        return "/v1/chat/completions";
    }

    @Override
    String textReply() {
        return """
                {"id":"chatcmpl-123","object":"chat.completion","created":1677652288,"model":"m-1",
                 "system_fingerprint":"fp_44709d6fcb",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}""";
    }

    @Override
    String toolCallReply() {
        return """
                {"id":"chatcmpl-abc123","object":"chat.completion","created":1699896916,"model":"m-1",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,
                   "tool_calls":[{"id":"call_abc123","type":"function",
                     "function":{"name":"send_payment","arguments":"{\\"to\\":\\"0xabc\\",\\"amount\\":\\"0.1\\"}"}}]},
                   "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}""";
    }

    @Override
    String streamBody() {
        String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"m-1\",";
        return "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
                + "data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}\n\n"
                + "data: [DONE]\n\n";
    }

    @Override
    String streamContentType() {
        return "text/event-stream";
    }

    @Override
    String errorBody(int status) {
        return switch (status) {
            case 401 -> """
                    {"error":{"message":"Incorrect API key provided: sk-test-************************1234. You can find your API key at https://platform.openai.com/account/api-keys.",
                     "type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""";
            case 429 -> """
                    {"error":{"message":"Rate limit reached for m-1 on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                     "type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
            default -> """
                    {"error":{"message":"The server had an error while processing your request. Sorry about that!",
                     "type":"server_error","param":null,"code":null}}""";
        };
    }

    @Override
    void assertAuthenticated(LoggedRequest request) {
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Override
    void assertChatBody(JsonNode body) {
        assertThat(body.path("model").asText()).isEqualTo("m-1");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You are terse.");
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Say hello");
    }

    @Override
    void assertToolResultSent(JsonNode body) {
        JsonNode messages = body.path("messages");
        assertThat(messages.get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo("call_abc123");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_abc123");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("sent");
    }
}
