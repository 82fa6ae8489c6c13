package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Anthropic's Messages API ({@code POST /v1/messages}), bodies and SSE events as in Anthropic's API reference. */
class AnthropicProviderTest extends RemoteProviderContract {

    @Override
    RemoteModelSpec.Provider provider() {
        return RemoteModelSpec.Provider.ANTHROPIC;
    }

    @Override
    String chatPath() {
        return "/v1/messages";
    }

    @Override
    String textReply() {
        return """
                {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"m-1",
                 "content":[{"type":"text","text":"Hello there"}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":12}}""";
    }

    @Override
    String toolCallReply() {
        return """
                {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"m-1",
                 "content":[{"type":"text","text":"I will send it."},
                            {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"send_payment",
                             "input":{"to":"0xabc","amount":"0.1"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":82,"output_tokens":17}}""";
    }

    @Override
    String streamBody() {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"model\":\"m-1\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("ping", "{\"type\": \"ping\"}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Override
    String streamContentType() {
        return "text/event-stream";
    }

    @Override
    String errorBody(int status) {
        String type = switch (status) {
            case 401 -> "authentication_error\",\"message\":\"invalid x-api-key";
            case 429 -> "rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit";
            default -> "api_error\",\"message\":\"Internal server error";
        };
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\"}}";
    }

    @Override
    void assertAuthenticated(LoggedRequest request) {
        assertThat(request.getHeader("x-api-key")).isEqualTo(KEY);
        assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.containsHeader("Authorization")).isFalse();
    }

    @Override
    void assertChatBody(JsonNode body) {
        assertThat(body.path("model").asText()).isEqualTo("m-1");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("system").toString()).contains("You are terse.");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(0).toString()).contains("Say hello");
    }

    @Override
    void assertToolResultSent(JsonNode body) {
        JsonNode messages = body.path("messages");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).toString()).contains("\"type\":\"tool_use\"").contains("toolu_01A09q90qw90lq917835lq9");
        JsonNode result = messages.get(2).path("content").get(0);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(result.toString()).contains("sent");
    }
}
