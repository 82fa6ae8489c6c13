package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.wallet.Wallet;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.lightning.LightningWallet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * What the runtime's unauthenticated operational endpoints give away, on the demo runtime (devnet, demo agent with an
 * EVM and a Lightning wallet): {@code /q/health} only UP/DOWN per subsystem, the detail only to an admin at
 * {@code /api/admin/health}, and {@code /q/metrics} (series tagged with agent ids) only with an admin key or the
 * metrics token.
 */
@QuarkusTest
@QuarkusTestResource(value = MetricsTokenRuntimeResource.class, restrictToAnnotatedClass = true)
class HealthAndMetricsAccessIT {

    private static final List<String> HEALTH = List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/health/well");

    @Inject
    AgentRegistry registry;

    private static String bearer(String user) {
        return "Bearer " + DevnetRuntimeResource.key(user);
    }

    /** Strings that identify the demo agent, its money or its nodes. */
    private List<String> secrets() {
        RunningAgent demo = registry.find("demo").orElseThrow();
        List<String> out = new ArrayList<>(List.of("demo", "jdbc:", "127.0.0.1", "localhost", "eip155", "lightning:",
                "reachable", "loaded", "ETH", "sat"));
        for (Wallet w : demo.wallet().wallets().values()) {
            if (w instanceof EvmWallet evm) {
                out.add(evm.address().value());
                out.add(evm.address().value().toLowerCase());
            } else if (w instanceof LightningWallet ln) {
                out.add(ln.nodePubkey());
            }
        }
        out.add(String.valueOf(DevnetRuntimeResource.devnet.lightning().alice().grpcPort()));
        return out;
    }

    @Test
    void unauthenticatedHealthIsOnlyUpOrDownPerSubsystem() {
        List<String> secrets = secrets();
        for (String path : HEALTH) {
            String body = given().get(path).then().statusCode(200).body("status", equalTo("UP")).extract().asString();
            JsonPath json = JsonPath.from(body);
            List<Map<String, Object>> checks = json.getList("checks");
            assertThat(checks).as(path).isNotNull(); // the runtime has no liveness check of its own: /live lists none
            for (Map<String, Object> check : checks) {
                assertThat(check.keySet()).as(path + " " + check).containsExactlyInAnyOrder("name", "status");
            }
            for (String secret : secrets) {
                assertThat(body).as(path + " must not show " + secret).doesNotContain(secret);
            }
        }
        assertThat(JsonPath.from(given().get("/q/health").asString()).getList("checks.name", String.class))
                .containsExactlyInAnyOrder("models", "database", "wallets");
        assertThat(JsonPath.from(given().get("/q/health/ready").asString()).getList("checks.name", String.class))
                .containsExactlyInAnyOrder("models", "database");
        assertThat(JsonPath.from(given().get("/q/health/well").asString()).getList("checks.name", String.class))
                .containsExactly("wallets");
    }

    @Test
    void healthRequestsDoNotEachQueryTheNodes() {
        long start = System.nanoTime();
        Set<Object> probes = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            given().get("/q/health").then().statusCode(200).body("checks.find { it.name == 'wallets' }.status", equalTo("UP"));
            given().get("/q/health/well").then().statusCode(200);
            probes.add(given().header("Authorization", bearer("admin")).get("/api/admin/health")
                    .then().statusCode(200).extract().<Object>path("walletsCheckedAt"));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        // 75 requests in under the 15 s the probe result is kept: the nodes were asked at most once more (if the
        // probe before the loop went stale during it), never once per request.
        assertThat(probes).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void healthDetailIsForAdminsOnly() {
        given().get("/api/admin/health").then().statusCode(401);
        given().header("Authorization", bearer("demo")).get("/api/admin/health").then().statusCode(403)
                .body("error", containsString("admin"));
        Response r = given().header("Authorization", bearer("admin")).get("/api/admin/health");
        r.then().statusCode(200)
                .body("up", equalTo(true))
                .body("database.up", equalTo(true))
                .body("database.detail", containsString("jdbc:h2:"))
                .body("models.local.detail", equalTo("loaded"))
                .body("walletsUp", equalTo(true));
        Map<String, String> wallets = r.jsonPath().getMap("wallets", String.class, String.class);
        assertThat(wallets).hasSize(2).allSatisfy((k, v) -> {
            assertThat(k).startsWith("demo:");
            assertThat(v).isEqualTo("reachable");
        });
        assertThat(wallets).containsKey("demo:lightning:regtest");
    }

    @Test
    void metricsNeedAnAdminKeyOrTheMetricsToken() {
        // a chat turn, so that the registry holds series tagged with the agent
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON)
                .body("{\"conversationId\":\"metrics\",\"message\":\"what's my balance?\"}")
                .post("/api/agents/demo/chat").then().statusCode(200);

        for (String path : List.of("/q/metrics", "/q/metrics/", "//q/metrics", "/q/./metrics")) {
            given().get(path).then().statusCode(not(equalTo(200))).body(not(containsString("demo")));
        }
        given().get("/q/metrics").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("admin API key"));
        given().header("Authorization", "Bearer bsr_0000000000000000_" + "00".repeat(32)).get("/q/metrics")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + "0".repeat(64)).get("/q/metrics").then().statusCode(401);
        given().header("Authorization", bearer("demo")).get("/q/metrics").then().statusCode(403);

        given().header("Authorization", bearer("admin")).get("/q/metrics").then().statusCode(200)
                .body(containsString("bursar_chat_turns_total{agent=\"demo\""));
        given().header("Authorization", "Bearer " + MetricsTokenRuntimeResource.metricsToken).get("/q/metrics")
                .then().statusCode(200).body(containsString("agent=\"demo\""));
    }
}
