package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every remote provider must do, run against WireMock replaying the provider's documented wire format on a
 * loopback port: subclasses supply the provider's endpoint, bodies and request shape.
 */
abstract class RemoteProviderContract {

    static final String KEY = "sk-test-4f9a8b7c6d5e4f3a2b1c1234";
    static final ObjectMapper JSON = new ObjectMapper();
    static final ToolSpecification SEND_PAYMENT = ToolSpecification.builder()
            .name("send_payment").description("Send a payment")
            .parameters(JsonObjectSchema.builder().addStringProperty("to").addStringProperty("amount").required("to", "amount").build())
            .build();

    WireMockServer server;
    CapturedLogs logs;

    // ---- what a provider supplies ----

    abstract RemoteModelSpec.Provider provider();

    /** Base URL as a user would configure it for this server (OpenAI and Anthropic put their version in it). */
    String baseUrl(int port) {
        return "http://127.0.0.1:" + port + "/v1";
    }

    abstract String chatPath();

    /** Where the test key comes from: an environment variable unless the provider test says otherwise. */
    ApiKeySource keySource() {
        return ApiKeySource.env("BURSAR_TEST_KEY", Map.of("BURSAR_TEST_KEY", KEY));
    }

    /** The provider's documented non-streaming reply with text "Hello there", 9 input and 12 output tokens. */
    abstract String textReply();

    /** A reply calling send_payment {"to":"0xabc","amount":"0.1"}. */
    abstract String toolCallReply();

    /** The documented stream answering "Hel", "lo", " there", then stop, 9 input and 3 output tokens. */
    abstract String streamBody();

    abstract String streamContentType();

    /** The provider's documented error body for an HTTP status. */
    abstract String errorBody(int status);

    abstract void assertAuthenticated(LoggedRequest request);

    /** Model id "m-1", system + user message, temperature 0.2 and 64 max tokens, in this provider's field names. */
    abstract void assertChatBody(JsonNode body);

    /** The follow-up request carries the tool result "sent" tied to the call. */
    abstract void assertToolResultSent(JsonNode body);

    // ---- shared machinery ----

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        logs = new CapturedLogs();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.stop();
        assertThat(logs.all()).as("logs").doesNotContain(KEY).doesNotContain(KEY.substring(8));
    }

    RemoteModelSpec spec() {
        return RemoteModelSpec.of("m", provider(), "m-1")
                .withBaseUrl(URI.create(baseUrl(server.port())))
                .withApiKey(keySource())
                .withTemperature(0.2)
                .withMaxTokens(64)
                .withTimeout(Duration.ofSeconds(5))
                .withRetry(new RetryPolicy(2, Duration.ofMillis(150), Duration.ofSeconds(1)));
    }

    void stubJson(int status, String body) {
        server.stubFor(post(urlEqualTo(chatPath())).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    int requests() {
        return server.findAll(postRequestedFor(urlEqualTo(chatPath()))).size();
    }

    JsonNode body(int i) throws Exception {
        return JSON.readTree(server.findAll(postRequestedFor(urlEqualTo(chatPath()))).get(i).getBodyAsString());
    }

    static ChatRequest greeting() {
        return ChatRequest.builder().messages(SystemMessage.from("You are terse."), UserMessage.from("Say hello")).build();
    }

    // ---- the contract ----

    @Test
    void plainChatSendsModelMessagesSamplingAndTheConfiguredKey() throws Exception {
        stubJson(200, textReply());

        ChatResponse response = RemoteChatModels.chatModel(spec()).chat(greeting());

        assertThat(response.aiMessage().text()).isEqualTo("Hello there");
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(9);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(12);
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(requests()).isEqualTo(1);
        assertAuthenticated(server.findAll(postRequestedFor(urlEqualTo(chatPath()))).getFirst());
        assertChatBody(body(0));
    }

    @Test
    void toolCallBecomesAToolExecutionRequestAndItsResultGoesBack() throws Exception {
        stubJson(200, toolCallReply());
        var model = RemoteChatModels.chatModel(spec());
        UserMessage ask = UserMessage.from("Send 0.1 to 0xabc");

        ChatResponse response = model.chat(ChatRequest.builder().messages(ask).toolSpecifications(SEND_PAYMENT).build());

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.aiMessage().toolExecutionRequests()).hasSize(1);
        ToolExecutionRequest call = response.aiMessage().toolExecutionRequests().getFirst();
        assertThat(call.name()).isEqualTo("send_payment");
        assertThat(JSON.readTree(call.arguments())).isEqualTo(JSON.readTree("{\"to\":\"0xabc\",\"amount\":\"0.1\"}"));
        assertThat(body(0).toString()).contains("send_payment").contains("amount");

        stubJson(200, textReply());
        AiMessage proposed = response.aiMessage();
        model.chat(ChatRequest.builder().messages(ask, proposed, ToolExecutionResultMessage.from(call, "sent"))
                .toolSpecifications(SEND_PAYMENT).build());
        assertToolResultSent(body(1));
    }

    @Test
    void streamingDeliversTokensInOrderThenUsageAndFinishReason() throws Exception {
        server.stubFor(post(urlEqualTo(chatPath())).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", streamContentType()).withBody(streamBody())));

        Stream stream = stream(spec());

        ChatResponse done = stream.done.get(10, TimeUnit.SECONDS);
        assertThat(stream.tokens).containsExactly("Hel", "lo", " there");
        assertThat(done.aiMessage().text()).isEqualTo("Hello there");
        assertThat(done.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(done.tokenUsage().inputTokenCount()).isEqualTo(9);
        assertThat(done.tokenUsage().outputTokenCount()).isEqualTo(3);
        assertThat(body(0).toString()).contains("\"stream\":true");
    }

    @Test
    void wrongKeyIsAnAuthenticationErrorNamingTheKeySourceAndIsNotRetried() {
        stubJson(401, errorBody(401));

        assertThatThrownBy(() -> RemoteChatModels.chatModel(spec()).chat(greeting()))
                .isInstanceOf(ModelAuthenticationException.class)
                .hasMessageContaining("model 'm'").hasMessageContaining("rejected the API key from " + keySource())
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining(KEY).hasMessageNotContaining("sk-test");
        assertThat(requests()).isEqualTo(1);

        Stream stream = stream(spec());
        assertThat(stream.failure()).isInstanceOf(ModelAuthenticationException.class).hasMessageNotContaining(KEY);
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void rateLimitIsRetriedWithBackoffAndThenSucceeds() {
        server.stubFor(post(urlEqualTo(chatPath())).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(errorBody(429)))
                .willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(chatPath())).inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(textReply())));

        long start = System.nanoTime();
        ChatResponse response = RemoteChatModels.chatModel(spec()).chat(greeting());

        assertThat(response.aiMessage().text()).isEqualTo("Hello there");
        assertThat(requests()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(logs.all()).contains("model 'm' failed (RATE_LIMITED), retry 1/2");
    }

    @Test
    void streamThatIsRateLimitedBeforeItsFirstTokenIsRetried() throws Exception {
        server.stubFor(post(urlEqualTo(chatPath())).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(errorBody(429)))
                .willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(chatPath())).inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", streamContentType()).withBody(streamBody())));

        Stream stream = stream(spec());

        assertThat(stream.done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Hello there");
        assertThat(stream.tokens).containsExactly("Hel", "lo", " there");
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void persistentServerErrorFailsClearlyAfterTheConfiguredRetries() {
        stubJson(500, errorBody(500));

        assertThatThrownBy(() -> RemoteChatModels.chatModel(spec()).chat(greeting()))
                .isInstanceOf(ModelServerException.class)
                .hasMessageContaining("model 'm' (" + provider() + " at " + baseUrl(server.port()) + ")")
                .hasMessageContaining("HTTP 500").hasMessageContaining("on all 3 attempts");
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void slowServerFailsWithATimeoutErrorWithinTheConfiguredTimeout() {
        server.stubFor(post(urlEqualTo(chatPath())).willReturn(aResponse().withStatus(200).withFixedDelay(4_000)
                .withHeader("Content-Type", "application/json").withBody(textReply())));
        RemoteModelSpec spec = spec().withTimeout(Duration.ofMillis(400)).withRetry(new RetryPolicy(1, Duration.ofMillis(50), Duration.ofMillis(50)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> RemoteChatModels.chatModel(spec).chat(greeting()))
                .isInstanceOf(ModelTimeoutException.class)
                .hasMessageContaining("no answer within 400 ms on all 2 attempts")
                .hasMessageContaining("bursar.models.m.timeout");
        // two attempts of 400 ms and one backoff, far below the server's 4 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        assertThat(requests()).isEqualTo(2);
    }

    /** Runs one streaming chat and collects what the handler saw. */
    Stream stream(RemoteModelSpec spec) {
        Stream s = new Stream();
        RemoteChatModels.streamingChatModel(spec).chat(greeting(), s);
        return s;
    }

    static final class Stream implements StreamingChatResponseHandler {
        final List<String> tokens = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        @Override
        public void onPartialResponse(String partialResponse) {
            tokens.add(partialResponse);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            done.complete(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        Throwable failure() {
            try {
                done.get(10, TimeUnit.SECONDS);
                throw new AssertionError("the stream succeeded");
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
