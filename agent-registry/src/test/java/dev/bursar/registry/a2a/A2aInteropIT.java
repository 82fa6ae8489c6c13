package dev.bursar.registry.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.a2a.A2aJsClient;
import dev.bursar.devnet.a2a.A2aJsServer;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.registry.discovery.AgentUriResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A2A 0.3 interop on loopback, both ways, against the {@code @a2a-js/sdk} 0.3.14 reference peers: its client talks to
 * our {@link A2aServer}, and our {@link A2aClient} talks to its server; with bearer authentication, a rejected task,
 * JSON-RPC errors and a card that speaks for another host.
 */
@WithDevnet({Component.EVM})
class A2aInteropIT {

    private static final String TOKEN = "interop-token-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final List<A2aRequest> seen = new CopyOnWriteArrayList<>();
    private final A2aClient client = A2aClient.builder().cards(AgentUriResolver.builder().allowPrivateHost("127.0.0.1").build())
            .callTimeout(Duration.ofSeconds(20)).build();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void theJsClientHasOurServerDoATaskAndIsRefusedWithoutItsKey(Devnet devnet) {
        URI base = serve(0);
        A2aJsClient js = A2aJsClient.of(devnet);

        JsonNode report = js.send(base, "count these four words", Optional.of(TOKEN));

        assertThat(report.at("/card/name").asText()).isEqualTo("Counter");
        assertThat(report.at("/card/skills/0").asText()).isEqualTo("count-words");
        JsonNode task = report.get("result");
        assertThat(task.get("kind").asText()).isEqualTo("task");
        assertThat(task.at("/status/state").asText()).isEqualTo("completed");
        assertThat(task.at("/artifacts/0/parts/0/text").asText()).isEqualTo("4 words");
        assertThat(task.at("/artifacts/0/parts/1/data/words").asInt()).isEqualTo(4);
        assertThat(report.get("unknownTask").asText()).containsIgnoringCase("task not found");
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.caller()).isEqualTo("interop-client");
            assertThat(r.data()).containsEntry("from", "a2a-js");
        });

        assertThatThrownBy(() -> js.send(base, "count these", Optional.empty())).isInstanceOf(DevnetException.class)
                .hasMessageContaining("401");
        assertThat(seen).hasSize(1);
    }

    @Test
    void theJsClientSeesARefusedTaskRejectedWithTheReason(Devnet devnet) {
        URI base = serve(0);

        JsonNode task = A2aJsClient.of(devnet).send(base, "", Optional.of(TOKEN)).get("result");

        assertThat(task.at("/status/state").asText()).isEqualTo("rejected");
        assertThat(task.at("/status/message/parts/0/text").asText()).isEqualTo("send some text to count");
    }

    @Test
    void ourClientHasTheJsServerDoATask(Devnet devnet) {
        A2aJsServer server = A2aJsServer.start(devnet, Optional.of(TOKEN));
        open.add(server);
        A2aCard card = client.card(server.url() + "/" + A2aCard.CARD_PATH);
        assertThat(card.name()).isEqualTo("JS Shouter");
        assertThat(card.skill("shout")).isPresent();
        assertThat(card.bearerAuth()).isTrue();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);

        A2aTask done = client.await(card, client.send(card, "hello agents", Map.of("job", "7"), auth), Duration.ofSeconds(20), auth);

        assertThat(done.state()).isEqualTo(A2aTaskState.COMPLETED);
        assertThat(done.resultText()).isEqualTo("HELLO AGENTS");
        assertThat(done.resultData()).containsEntry("length", 12).containsEntry("received", Map.of("job", "7"));
        assertThat(client.task(card, done.id(), auth).state()).isEqualTo(A2aTaskState.COMPLETED);

        A2aTask refused = client.await(card, client.send(card, "please refuse", Map.of(), auth), Duration.ofSeconds(20), auth);
        assertThat(refused.state()).isEqualTo(A2aTaskState.REJECTED);
        assertThat(refused.statusText()).isEqualTo("refused as asked");

        assertThatThrownBy(() -> client.task(card, "no-such-task", auth)).isInstanceOf(A2aException.class)
                .hasMessageContaining("JS Shouter").hasMessageContainingAll("tasks/get");
        assertThatThrownBy(() -> client.send(card, "hello", Map.of(), Map.of())).isInstanceOf(A2aException.class)
                .hasMessageContaining("401");
    }

    @Test
    void aCardThatNamesAnotherHostsEndpointIsRefused() {
        URI base = serve(1);

        assertThatThrownBy(() -> client.card(base + "/" + A2aCard.CARD_PATH)).isInstanceOf(A2aException.class)
                .hasMessageContaining("another origin");
        assertThatThrownBy(() -> client.card("http://127.0.0.1:1/" + A2aCard.CARD_PATH)).isInstanceOf(A2aException.class)
                .hasMessageContaining("cannot fetch the agent card");
    }

    @Test
    void ourServerAnswersBadRequestsWithJsonRpcErrorsAndDoesNoWork() throws Exception {
        URI base = serve(0);
        HttpClient http = HttpClient.newHttpClient();

        assertThat(post(http, base, "{not json").at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(post(http, base, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tasks/launch\",\"params\":{}}").at("/error/code").asInt())
                .isEqualTo(-32601);
        JsonNode stream = post(http, base, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"message/stream\",\"params\":{}}");
        assertThat(stream.at("/error/code").asInt()).isEqualTo(-32004);
        assertThat(stream.get("id").asInt()).isEqualTo(4);
        JsonNode push = post(http, base, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tasks/pushNotificationConfig/set\",\"params\":"
                + "{\"taskId\":\"t\",\"pushNotificationConfig\":{\"url\":\"http://127.0.0.1:9/x\"}}}");
        assertThat(push.at("/error/code").asInt()).isEqualTo(-32004);
        assertThat(seen).isEmpty();
    }

    private JsonNode post(HttpClient http, URI base, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/a2a")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Serves a word-counting agent; {@code portShift} makes its card name an endpoint on another port. */
    private URI serve(int portShift) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            int port = http.getAddress().getPort();
            A2aCard card = new A2aCard("Counter", "Counts words", "http://127.0.0.1:" + (port + portShift) + "/a2a", "1.0.0",
                    List.of(new A2aSkill("count-words", "Count words", "Counts the words of a text", List.of("text"))), true);
            A2aServer server = A2aServer.builder().card(card).work(this::countWords).build();
            http.createContext("/.well-known/agent-card.json", ex -> reply(ex, 200, server.cardJson()));
            http.createContext("/a2a", ex -> {
                if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    reply(ex, 401, "{\"error\":\"an API key is required\"}");
                    return;
                }
                reply(ex, 200, server.handle(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), "interop-client"));
            });
            http.start();
            open.add(() -> http.stop(0));
            open.add(server);
            return URI.create("http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private A2aResult countWords(A2aRequest request) throws A2aWorkRefusedException {
        if (request.text().isBlank()) {
            throw new A2aWorkRefusedException("send some text to count");
        }
        seen.add(request);
        int words = request.text().trim().split("\\s+").length;
        return new A2aResult(words + " words", Map.of("words", words));
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
