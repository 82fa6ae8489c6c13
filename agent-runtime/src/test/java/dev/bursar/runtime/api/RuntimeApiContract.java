package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.EntryState;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasSize;

/**
 * The runtime's HTTP surface against the real devnet and the real local model: authentication, who sees what,
 * approvals that pay exactly once, bad input, and a chat turn whose answer is the balance the chain reports. Run on
 * each database by {@link RuntimeApiIT} (embedded H2) and {@link RuntimeApiOnPostgresIT}.
 */
abstract class RuntimeApiContract {

    @Inject
    AgentRegistry registry;

    private static String bearer(String user) {
        return "Bearer " + DevnetRuntimeResource.key(user);
    }

    private RunningAgent demo() {
        return registry.find("demo").orElseThrow();
    }

    private EvmWallet evm() {
        return (EvmWallet) demo().wallet().wallets().values().stream().filter(EvmWallet.class::isInstance).findFirst().orElseThrow();
    }

    @io.quarkus.test.common.http.TestHTTPResource("/mcp")
    java.net.URI mcp;

    @Test
    void anMcpClientSeesAndCallsOnlyItsOwnAgentsToolsAndPaysOnlyThroughChat() {
        dev.bursar.devnet.mcp.McpJsClient client = dev.bursar.devnet.mcp.McpJsClient.of(DevnetRuntimeResource.devnet);
        com.fasterxml.jackson.databind.JsonNode demo = client.run(mcp, java.util.Optional.of(DevnetRuntimeResource.key("demo")), List.of(
                new dev.bursar.devnet.mcp.McpJsClient.Call("demo.get_balance", java.util.Map.of()),
                new dev.bursar.devnet.mcp.McpJsClient.Call("demo.send_payment", java.util.Map.of("to", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "amount", "1 ETH")),
                new dev.bursar.devnet.mcp.McpJsClient.Call("demo.chat", java.util.Map.of("message", "what's my balance?"))));
        assertThat(demo.get("status").asText()).as(demo.toString()).isEqualTo("ok");
        assertThat(demo.get("server").get("name").asText()).isEqualTo("bursar");
        List<String> tools = demo.get("tools").findValuesAsText("name");
        assertThat(tools).contains("demo.chat", "demo.get_balance").as("value moves only in a chat").doesNotContain("demo.send_payment");
        assertThat(demo.get("calls").get(0).get("isError").asBoolean()).as(demo.get("calls").toString()).isFalse();
        assertThat(demo.get("calls").get(0).get("text").asText()).contains("ETH");
        assertThat(demo.get("calls").get(1).toString()).as("a hidden tool cannot be called by name").contains("demo.send_payment")
                .containsAnyOf("nknown tool", "not found", "no tool");
        assertThat(demo.get("calls").get(2).get("isError").asBoolean()).as(demo.get("calls").toString()).isFalse();
        assertThat(demo.get("calls").get(2).get("text").asText()).isNotBlank();

        com.fasterxml.jackson.databind.JsonNode mallory = client.run(mcp, java.util.Optional.of(DevnetRuntimeResource.key("mallory")), List.of(
                new dev.bursar.devnet.mcp.McpJsClient.Call("demo.chat", java.util.Map.of("message", "send 1 ETH to 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"))));
        assertThat(mallory.get("tools").findValuesAsText("name")).as("another user's agents are not listed").isEmpty();
        assertThat(mallory.get("calls").get(0).toString()).as("another user's agent's tool, even by name").contains("demo.chat")
                .containsAnyOf("nknown tool", "not found", "no tool");
        assertThat(client.run(mcp, java.util.Optional.empty(), List.of()).get("status").asText()).isEqualTo("error");

        given().header("Authorization", bearer("demo")).header("Origin", "http://evil.example").contentType(ContentType.JSON)
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp").then().statusCode(403);
        given().header("Authorization", bearer("demo")).header("MCP-Protocol-Version", "1999-01-01").contentType(ContentType.JSON)
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp").then().statusCode(400);
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{not json").post("/mcp").then().statusCode(200)
                .body("error.code", equalTo(-32700));
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{\"hello\": 1}").post("/mcp").then().statusCode(200)
                .body("error.code", equalTo(-32600));
        given().header("Authorization", bearer("demo")).get("/mcp").then().statusCode(405);
        given().contentType(ContentType.JSON).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp").then().statusCode(401);
    }

    @Test
    void everyApiCallNeedsAKnownKey() {
        given().get("/api/agents").then().statusCode(401).body("error", containsString("API key is required"));
        given().header("Authorization", "Bearer bsr_0000000000000000_" + "00".repeat(32)).get("/api/agents").then().statusCode(401);
        given().header("Authorization", bearer("demo")).get("/api/me").then().statusCode(200).body("id", equalTo("demo"));
    }

    @Test
    void aContractReportNeedsNoChatAndSimulatesATradeOnTheRealPool() {
        String dusd = demo().assets().stream().filter(a -> a instanceof dev.bursar.wallet.Asset.Erc20Token).map(a ->
                ((dev.bursar.wallet.Asset.Erc20Token) a).contract().value()).findFirst().orElseThrow();
        given().header("Authorization", bearer("demo")).get("/api/contracts/31337/" + dusd.toLowerCase()).then().statusCode(200)
                .body("verdict", equalTo("ALLOW")).body("address", equalTo(dusd))
                .body("findings.find { it.code == 'SIMULATION_PASSED' }.evidence", containsString("Uniswap V2 router"));
        given().header("Authorization", bearer("demo")).get("/api/contracts/31337/0x1234").then().statusCode(400);
        given().header("Authorization", bearer("demo")).get("/api/contracts/1/" + dusd).then().statusCode(404)
                .body("error", containsString("chain 1"));
        given().get("/api/contracts/31337/" + dusd).then().statusCode(401);
    }

    @Test
    void aUserSeesAndDrivesOnlyTheirOwnAgents() {
        given().header("Authorization", bearer("demo")).get("/api/agents").then().statusCode(200).body("id", equalTo(List.of("demo")));
        given().header("Authorization", bearer("mallory")).get("/api/agents").then().statusCode(200).body("$", hasSize(0));
        given().header("Authorization", bearer("mallory")).get("/api/agents/demo").then().statusCode(404);
        given().header("Authorization", bearer("mallory")).get("/api/agents/demo/approvals").then().statusCode(404);
        given().header("Authorization", bearer("mallory")).contentType(ContentType.JSON).body("{\"message\":\"send all my ETH to me\"}")
                .post("/api/agents/demo/chat").then().statusCode(404);
        given().header("Authorization", bearer("demo")).contentType(ContentType.TEXT).body("id: x")
                .post("/api/agents").then().statusCode(403);
    }

    @Test
    void agentDetailsShowWhatTheChainHolds() {
        Amount onChain = evm().balanceOf(evm().address());
        given().header("Authorization", bearer("demo")).get("/api/agents/demo").then().statusCode(200)
                .body("addresses.evm", equalTo(evm().address().value()))
                .body("balances.find { it.asset == 'ETH' }.amount", equalTo(onChain.toString()))
                .body("balances.find { it.asset == 'dUSD' }.amount", equalTo("1000 dUSD"));
    }

    @Test
    void eachOwnerKeepsTheirOwnAddressBookAndBadInputChangesNothing() {
        String alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{\"address\":\"" + alice.toLowerCase() + "\"}")
                .put("/api/address-book/Alice").then().statusCode(200).body("name", equalTo("Alice")).body("address", equalTo(alice));
        given().header("Authorization", bearer("mallory")).get("/api/address-book").then().statusCode(200).body("$", hasSize(0));
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON)
                .body("{\"address\":\"0x70997970c51812DC3A010C7d01b50e0d17dc79C8\"}")
                .put("/api/address-book/bob").then().statusCode(400).body("error", containsString("EIP-55 checksum"));
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{\"address\":\"" + alice + "\"}")
                .put("/api/address-book/bad%3Cname%3E").then().statusCode(400);
        given().header("Authorization", bearer("demo")).get("/api/address-book").then().statusCode(200)
                .body("name", equalTo(List.of("Alice")));
        given().header("Authorization", bearer("mallory")).delete("/api/address-book/alice").then().statusCode(404);
        given().header("Authorization", bearer("demo")).delete("/api/address-book/alice").then().statusCode(204);
        given().header("Authorization", bearer("demo")).get("/api/address-book").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/address-book").then().statusCode(401);
    }

    @Test
    void aServiceThatRefusedAPaidTokenIsListedForItsOwnerAndClearedOnlyByAPerson() throws Exception {
        var bobNode = DevnetRuntimeResource.devnet.lightning().bob();
        var bob = dev.bursar.wallet.lightning.LightningWallet.builder().network(dev.bursar.wallet.value.BitcoinNetwork.REGTEST)
                .connection(dev.bursar.wallet.lightning.LndConnection.builder().host(bobNode.grpcHost()).port(bobNode.grpcPort())
                        .tlsCert(bobNode.tlsCert()).macaroon(bobNode.adminMacaroon()).build()).build();
        var issuer = new dev.bursar.l402.lnd.LndInvoiceIssuer(bob, java.time.Duration.ofMinutes(10));
        var service = new dev.bursar.l402.server.PricedService("liar", 0, List.of(), 3, java.time.Duration.ZERO);
        var authority = new dev.bursar.l402.server.L402Authority(new dev.bursar.l402.server.FileRootKeyStore(
                java.nio.file.Files.createTempDirectory("liar-").resolve("roots")), java.time.Clock.systemUTC());
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/liar", exchange -> { // answers 402 to every token, paid or not
            try {
                var invoice = issuer.issue(service.priceSats(), "refuses every token");
                dev.bursar.l402.server.L402Authority.challengeHeaders(authority.mint(service, invoice.paymentHash(), List.of()), invoice.bolt11())
                        .forEach(h -> exchange.getResponseHeaders().add("WWW-Authenticate", h));
                exchange.sendResponseHeaders(402, -1);
            } catch (RuntimeException e) {
                byte[] why = e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, why.length);
                exchange.getResponseBody().write(why);
            }
            exchange.close();
        });
        ClassLoader app = Thread.currentThread().getContextClassLoader(); // lightningj finds its JSON provider through it
        server.setExecutor(task -> Thread.ofVirtual().start(() -> {
            Thread.currentThread().setContextClassLoader(app);
            task.run();
        }));
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/liar/data";
            var client = demo().paidApis().orElseThrow();
            for (int call = 0; call < 2; call++) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build()))
                        .isInstanceOf(dev.bursar.l402.client.L402ServiceBlockedException.class);
            }
            String scope = "http://127.0.0.1:" + server.getAddress().getPort() + "/liar";
            given().header("Authorization", bearer("demo")).get("/api/agents/demo/paid-services/blocked").then().statusCode(200)
                    .body("service", org.hamcrest.Matchers.hasItem(scope))
                    .body("find { it.service == '" + scope + "' }.reason", containsString("answered 402 to a token paid for"));
            given().header("Authorization", bearer("mallory")).get("/api/agents/demo/paid-services/blocked").then().statusCode(404);
            given().header("Authorization", bearer("mallory")).contentType(ContentType.JSON).body("{\"url\":\"" + url + "\"}")
                    .post("/api/agents/demo/paid-services/blocked/clear").then().statusCode(404);
            given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{\"url\":\"liar/data\"}")
                    .post("/api/agents/demo/paid-services/blocked/clear").then().statusCode(400).body("error", containsString("not an absolute"));
            assertThat(client.blockedServices()).as("bad input changes nothing").containsKey(scope);
            given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{\"url\":\"" + url + "\"}")
                    .post("/api/agents/demo/paid-services/blocked/clear").then().statusCode(200).body("wasBlocked", equalTo(true));
            given().header("Authorization", bearer("demo")).get("/api/agents/demo/paid-services/blocked").then().statusCode(200)
                    .body("service", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(scope)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anApprovalThroughTheApiPaysExactlyOnce() {
        EvmAddress recipient = EvmAddress.of("0x" + UUID.randomUUID().toString().replace("-", "") + "00000000");
        SpendResult waiting = demo().wallet().pay(new PaymentIntent("demo", new PaymentTarget.EvmTransfer(recipient),
                Amount.of(evm().nativeCoin(), "0.05"), "api test", "api-" + UUID.randomUUID()),
                Grounding.of(new UserWords(List.of("please send 0.05 ETH to " + recipient), null)));
        assertThat(waiting.state()).isEqualTo(EntryState.AWAITING_APPROVAL);

        given().header("Authorization", bearer("demo")).get("/api/agents/demo/approvals").then().statusCode(200)
                .body("paymentId", org.hamcrest.Matchers.hasItem(waiting.entryId()));
        given().header("Authorization", bearer("mallory")).post("/api/agents/demo/approvals/" + waiting.entryId() + "/approve")
                .then().statusCode(404);
        given().header("Authorization", bearer("demo")).post("/api/agents/demo/approvals/" + waiting.entryId() + "/approve")
                .then().statusCode(200).body("status", equalTo("SUCCEEDED"));
        given().header("Authorization", bearer("demo")).post("/api/agents/demo/approvals/" + waiting.entryId() + "/approve")
                .then().statusCode(409).body("error", containsString("not waiting for approval"));
        assertThat(evm().balanceOf(recipient)).isEqualTo(Amount.of(evm().nativeCoin(), "0.05"));
        assertThat(registry.find("demo").orElseThrow().wallet().status(waiting.entryId()).state()).isEqualTo(EntryState.SUCCEEDED);
    }

    @Test
    void readinessReportsTheLoadedModelAndTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'models' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
        // which model is loaded is for admins only (HealthAndMetricsAccessIT)
        given().header("Authorization", bearer("admin")).get("/api/admin/health").then().statusCode(200)
                .body("models.local.detail", equalTo("loaded"));
    }

    @Test
    void badInputGetsAClearError() {
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{\"message\": ")
                .post("/api/agents/demo/chat").then().statusCode(400);
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{}")
                .post("/api/agents/demo/chat").then().statusCode(400).body("error", containsString("message is required"));
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{\"message\":\"" + "a".repeat(4001) + "\"}")
                .post("/api/agents/demo/chat").then().statusCode(413);
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body("{\"message\":\"hi\"}")
                .post("/api/agents/nobody/chat").then().statusCode(404).body("error", containsString("no agent 'nobody'"));
        given().header("Authorization", bearer("admin")).contentType(ContentType.TEXT)
                .body("id: broken\nname: B\nowner: demo\nmodel: local\nwallets: {}\npolicy: {maxPerTransaction: ['1 DOGE']}\nbogus: 1\n")
                .post("/api/agents").then().statusCode(400).body("error", containsString("bogus"));
    }

    @Test
    void askingForTheBalanceAnswersWhatTheChainReports() {
        Amount onChain = evm().balanceOf(evm().address());
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON)
                .body("{\"conversationId\":\"balance-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"message\":\"what's my balance?\"}")
                .post("/api/agents/demo/chat").then().statusCode(200)
                .body("events.find { it.type == 'tool' }.tool", equalTo("get_balance"))
                // no asset named: every balance, the ETH one as the chain reports it
                .body("reply", startsWith("Your balances: " + onChain + ", "));
    }

    @Test
    void theStreamCarriesToolCallsAndTheEnd() {
        String body = given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"conversationId\":\"sse-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"message\":\"what's my balance?\"}")
                .post("/api/agents/demo/chat/stream").then().statusCode(200).extract().asString();
        assertThat(body).contains("\"type\":\"tool\"").contains("\"type\":\"done\"");
    }

    @Test
    void anAdminCreatesReplacesAndDeletesAnAgentAndABadDefinitionChangesNothing() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        com.fasterxml.jackson.databind.node.ObjectNode definition = json.valueToTree(demo().definition());
        String id = "crud-" + UUID.randomUUID().toString().substring(0, 8);
        definition.put("id", id).put("name", "First name").put("owner", "admin");
        given().header("Authorization", bearer("demo")).contentType(ContentType.JSON).body(definition.toString())
                .post("/api/agents").then().statusCode(403);
        given().header("Authorization", bearer("admin")).contentType(ContentType.JSON).body(definition.toString())
                .post("/api/agents").then().statusCode(201).body("id", equalTo(id)).body("name", equalTo("First name"));
        given().header("Authorization", bearer("admin")).contentType(ContentType.JSON).body(definition.toString())
                .post("/api/agents").then().statusCode(409).body("error", containsString("PUT /api/agents/" + id));
        given().header("Authorization", bearer("admin")).get("/api/agents/" + id).then().statusCode(200)
                .body("name", equalTo("First name")).body("addresses.evm", equalTo(evm().address().value()));

        definition.put("name", "Second name");
        given().header("Authorization", bearer("admin")).contentType(ContentType.JSON).body(definition.toString())
                .put("/api/agents/" + id).then().statusCode(200).body("name", equalTo("Second name"));
        given().header("Authorization", bearer("admin")).contentType(ContentType.JSON).body(definition.toString())
                .put("/api/agents/someone-else").then().statusCode(400).body("error", containsString("does not match"));
        com.fasterxml.jackson.databind.node.ObjectNode broken = definition.deepCopy();
        broken.put("name", "Broken name").with("policy").putArray("maxPerTransaction").add("1 DOGE");
        given().header("Authorization", bearer("admin")).contentType(ContentType.JSON).body(broken.toString())
                .put("/api/agents/" + id).then().statusCode(400).body("error", containsString("DOGE"));
        given().header("Authorization", bearer("admin")).get("/api/agents/" + id).then().statusCode(200)
                .body("name", equalTo("Second name"));
        assertThat(registry.find(id).orElseThrow().definition().name()).as("the running agent is the last good one").isEqualTo("Second name");

        given().header("Authorization", bearer("demo")).delete("/api/agents/" + id).then().statusCode(403);
        given().header("Authorization", bearer("admin")).delete("/api/agents/" + id).then().statusCode(204);
        given().header("Authorization", bearer("admin")).get("/api/agents/" + id).then().statusCode(404);
        given().header("Authorization", bearer("admin")).delete("/api/agents/" + id).then().statusCode(404);
        assertThat(registry.find(id)).isEmpty();
    }

    @Inject
    dev.bursar.runtime.store.BursarDatabase database;

    @Test
    void anAgentStillLeasedByAnEarlierProcessHereGets503WithRetryAfterUntilTheLeaseLapses() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        com.fasterxml.jackson.databind.node.ObjectNode definition = json.valueToTree(demo().definition());
        String id = "lease-" + UUID.randomUUID().toString().substring(0, 8);
        definition.put("id", id).put("owner", "admin");
        given().header("Authorization", bearer("admin")).contentType(ContentType.JSON).body(definition.toString())
                .post("/api/agents").then().statusCode(201);
        given().header("Authorization", bearer("admin")).get("/api/agents/" + id + "/payments").then().statusCode(200);

        // a process that crashed at this address still holds the lease for a minute (its URL is ours)
        setLease(id, "earlier-process", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        io.restassured.response.Response busy;
        do {
            assertThat(System.nanoTime()).as("503 once this instance noticed it lost the lease").isLessThan(deadline);
            Thread.sleep(250);
            busy = given().header("Authorization", bearer("admin")).get("/api/agents/" + id + "/payments");
        } while (busy.statusCode() == 200);
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(Integer.parseInt(busy.header("Retry-After"))).isPositive();
        assertThat(busy.jsonPath().getString("error")).contains("earlier process");

        setLease(id, "earlier-process", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1));
        given().header("Authorization", bearer("admin")).get("/api/agents/" + id + "/payments").then().statusCode(200);
        given().header("Authorization", bearer("admin")).delete("/api/agents/" + id).then().statusCode(204);
    }

    private void setLease(String agentId, String holder, java.time.OffsetDateTime expires) throws java.sql.SQLException {
        try (var c = database.dataSource().getConnection();
             var update = c.prepareStatement("UPDATE agent_lease SET holder = ?, expires_at = ? WHERE agent_id = ?")) {
            update.setString(1, holder);
            update.setObject(2, expires);
            update.setString(3, agentId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void tooManyRequestsGet429WithRetryAfterForThatUserOnly() {
        int limit = 1000; // bursar.security.requests-per-minute in DevnetRuntimeResource
        for (int i = 0; i < limit; i++) {
            given().header("Authorization", bearer("flood")).get("/api/me").then().statusCode(200);
        }
        given().header("Authorization", bearer("flood")).get("/api/me").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*")).body("error", containsString("too many"));
        given().header("Authorization", bearer("mallory")).get("/api/me").then().statusCode(200);
    }

    @Test
    void browsersOfOtherOriginsGetNoCorsGrant() {
        given().header("Origin", "http://127.0.0.1:8080").header("Access-Control-Request-Method", "POST")
                .options("/api/agents").then().header("Access-Control-Allow-Origin", equalTo("http://127.0.0.1:8080"));
        String evil = given().header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/agents").then().extract().header("Access-Control-Allow-Origin");
        assertThat(evil).as("no grant for another origin").isNull();
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Bursar runtime API"))
                .body("paths.keySet()", org.hamcrest.Matchers.hasItems("/api/agents", "/api/agents/{id}", "/api/agents/{id}/chat",
                        "/api/agents/{id}/approvals/{paymentId}/approve"));
    }

    @Test
    void anOwnerSeesWhereTheMoneyWentAndAgainstWhichBudget() {
        given().header("Authorization", bearer("demo")).get("/api/agents/demo/budgets").then().statusCode(200)
                .body("window", equalTo(List.of("24 h", "24 h"))).body("cap", equalTo(List.of("0.5 ETH", "50000 sat")));
        given().header("Authorization", bearer("demo")).get("/api/agents/demo/payments?limit=5").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.lessThanOrEqualTo(5));
        given().header("Authorization", bearer("demo")).get("/api/agents/demo/payments?state=SPENT").then().statusCode(400)
                .body("error", containsString("state is one of"));
        given().header("Authorization", bearer("demo")).get("/api/agents/demo/payments?limit=0").then().statusCode(400);
        given().header("Authorization", bearer("mallory")).get("/api/agents/demo/payments").then().statusCode(404);
        given().header("Authorization", bearer("mallory")).get("/api/agents/demo/budgets").then().statusCode(404);
        given().header("Authorization", bearer("demo")).get("/api/agents/demo/definition").then().statusCode(200)
                .body("model", equalTo("local")).body("policy.maxPerTransaction", equalTo(List.of("0.1 ETH", "100 dUSD", "20000 sat")));
        given().header("Authorization", bearer("mallory")).get("/api/agents/demo/definition").then().statusCode(404);
    }
}
