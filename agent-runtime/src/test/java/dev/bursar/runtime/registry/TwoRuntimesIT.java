package dev.bursar.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.process.FreePorts;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.SecretSource;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Bursar runtimes (two processes of the packaged Quarkus app) on one devnet: runtime A publishes a price-oracle
 * agent (registered on chain from its own wallet, its skill served over A2A behind the job escrow); runtime B's agent
 * finds it by skill text in its discovery index, hires it through the escrow within a budget its owner wrote, gets the
 * answer over A2A (authenticated with an API key of runtime A), completes the job and rates it. Balances on anvil and
 * the reputation runtime A shows its owner prove it. Hires go through the owner's REST API here; the chat path is the
 * {@code hire_agent} tool.
 */
@WithDevnet({Component.EVM})
class TwoRuntimesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<ProcessSupervisor> supervisors = new ArrayList<>();
    private final List<ManagedProcess> runtimes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        supervisors.forEach(ProcessSupervisor::close);
    }

    @Test
    void agentBFindsHiresPaysAndRatesAgentAOnAnotherRuntime(Devnet devnet) throws Exception {
        String token = devnet.contracts().get("DevToken");
        Path aData = Files.createDirectories(dir.resolve("a"));
        Path bData = Files.createDirectories(dir.resolve("b"));
        EvmAddress oracle = fundedKeystore(devnet, aData, token);
        EvmAddress buyer = fundedKeystore(devnet, bData, token);
        int aPort = FreePorts.next();
        int bPort = FreePorts.next();
        String aUrl = "http://127.0.0.1:" + aPort;
        String bUrl = "http://127.0.0.1:" + bPort;

        agentFile(devnet, aData, "oracle", token, """
                publish:
                  description: Quotes dUSD in ETH from the devnet's Uniswap V2 pool, read on chain
                  skills:
                    - id: dusd-price
                      name: dUSD price oracle
                      description: The price of dUSD in ETH on Uniswap V2
                      tags: [price, oracle, dusd, uniswap]
                      price: "0.5 dUSD"
                      answer: uniswap-v2-price
                      token: dUSD
                """, "");
        agentFile(devnet, bData, "buyer", token, "", """
                plugins:
                  agents: [agents:find, agents:hire]
                """);
        start("runtime-a", devnet, aData, aPort, aUrl, List.of("admin:admin", "owner:user", "peer:user"), buyer, List.of());
        String aOwner = key(aData, "owner");
        JsonNode self = await("agent oracle registered on chain", () -> get(aUrl + "/api/agents/oracle/registry/self", aOwner),
                n -> !n.path("registryId").asText().isEmpty());
        String oracleId = self.get("registryId").asText();
        assertThat(get(aUrl + "/a2a/oracle/.well-known/agent-card.json", null).get("skills").get(0).get("id").asText()).isEqualTo("dusd-price");

        Path peerKey = aData.resolve("keys").resolve("peer.key");
        start("runtime-b", devnet, bData, bPort, bUrl, List.of("admin:admin", "owner:user"), buyer,
                List.of("bursar.registry.credentials=" + aUrl + "=" + peerKey));
        String bOwner = key(bData, "owner");
        JsonNode found = await("runtime B's index lists the oracle", () -> get(bUrl + "/api/agents/buyer/registry/agents?skill=price%20oracle", bOwner),
                n -> n.isArray() && !n.isEmpty());
        assertThat(found.get(0).get("agentId").asText()).isEqualTo(oracleId);
        BigInteger buyerBefore = tokenBalance(devnet, token, buyer);
        BigInteger oracleBefore = tokenBalance(devnet, token, oracle);

        JsonNode outcome = post(bUrl + "/api/agents/buyer/hires", bOwner, Map.of("agentId", oracleId, "skill", "dusd-price",
                "task", "What is 1 dUSD worth in ETH right now?", "budget", "1 dUSD",
                "message", "Hire the price oracle for the dUSD price; spend at most 1 dUSD."));

        assertThat(outcome.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(outcome.get("result").asText()).startsWith("1 dUSD = ").contains(" ETH on Uniswap V2");
        BigInteger half = BigInteger.valueOf(500_000); // 0.5 dUSD, 6 decimals
        assertThat(tokenBalance(devnet, token, buyer)).isEqualTo(buyerBefore.subtract(half));
        assertThat(tokenBalance(devnet, token, oracle)).isEqualTo(oracleBefore.add(half));
        JsonNode rated = await("runtime A shows the oracle's reputation", () -> get(aUrl + "/api/agents/oracle/registry/self", aOwner),
                n -> n.path("reviews").asLong() == 1);
        assertThat(rated.get("averageRating").asText()).isEqualTo("100");

        // without runtime A's key, B's hire would never reach the oracle; A refuses an unauthenticated call
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(aUrl + "/a2a/oracle"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /** A new keystore with 1 ETH and 10 dUSD from the devnet's first account. */
    private static EvmAddress fundedKeystore(Devnet devnet, Path data, String token) throws IOException {
        Path wallet = Files.createDirectories(data.resolve("wallet"));
        Path password = wallet.resolve("password");
        Files.writeString(password, "two-runtimes-" + data.getFileName());
        Path keystore = EvmKeys.createKeystore(wallet, SecretSource.file(password));
        EvmAddress address = EvmKeys.fromKeystore(keystore, SecretSource.file(password)).address();
        EthJsonRpc rpc = devnet.evm().rpc();
        String funder = devnet.evm().accounts().get(0).address();
        rpc.awaitReceipt(rpc.call("eth_sendTransaction", Map.of("from", funder, "to", address.value(), "value", "0xde0b6b3a7640000")).asText(),
                Duration.ofSeconds(30));
        String transfer = "0xa9059cbb" + "0".repeat(24) + address.value().substring(2).toLowerCase() + String.format("%064x", 10_000_000L);
        rpc.awaitReceipt(rpc.call("eth_sendTransaction", Map.of("from", funder, "to", token, "data", transfer)).asText(), Duration.ofSeconds(30));
        return address;
    }

    private static void agentFile(Devnet devnet, Path data, String id, String token, String publish, String plugins) throws IOException {
        Path wallet = data.resolve("wallet");
        Path keystore;
        try (var files = Files.list(wallet)) {
            keystore = files.filter(p -> p.getFileName().toString().startsWith("UTC--")).findFirst().orElseThrow();
        }
        String yaml = """
                id: %s
                name: %s agent
                owner: owner
                model: offline
                %s
                wallets:
                  evm:
                    rpcUrl: %s
                    chainId: %d
                    keystore: %s
                    passwordFile: %s
                    tokens: ["%s"]
                policy:
                  maxPerTransaction: ["0.1 ETH", "5 dUSD"]
                %s""".formatted(id, id, plugins.strip(), devnet.evm().rpcUrl(), devnet.evm().chainId(), keystore,
                wallet.resolve("password"), token, publish);
        Files.writeString(Files.createDirectories(data.resolve("agents")).resolve(id + ".yaml"), yaml);
    }

    private void start(String name, Devnet devnet, Path data, int port, String url, List<String> users, EvmAddress trusted,
                       List<String> extra) {
        long chain = devnet.evm().chainId();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dquarkus.http.port=" + port, "-Dbursar.data-dir=" + data, "-Dbursar.agents-dir=" + data.resolve("agents"),
                "-Dbursar.security.bootstrap-users=" + String.join(",", users), "-Dbursar.security.requests-per-minute=100000",
                "-Dbursar.models.offline.provider=ollama", "-Dbursar.models.offline.model-id=unused",
                "-Dbursar.models.offline.base-url=http://127.0.0.1:9",
                "-Dbursar.uniswap-v2." + chain + ".factory=" + devnet.contracts().get("UniswapV2Factory"),
                "-Dbursar.uniswap-v2." + chain + ".router=" + devnet.contracts().get("UniswapV2Router02"),
                "-Dbursar.uniswap-v2." + chain + ".weth=" + devnet.contracts().get("WETH9"),
                "-Dbursar.registry.chain-id=" + chain, "-Dbursar.registry.rpc-url=" + devnet.evm().rpcUrl(),
                "-Dbursar.registry.identity=" + devnet.contracts().get("IdentityRegistry"),
                "-Dbursar.registry.reputation=" + devnet.contracts().get("ReputationRegistry"),
                "-Dbursar.registry.escrow=" + devnet.contracts().get("JobEscrow"),
                "-Dbursar.registry.trusted-reviewers=" + trusted.value(),
                "-Dbursar.registry.allow-private-hosts=127.0.0.1", "-Dbursar.registry.public-url=" + url,
                "-Dbursar.registry.poll-interval=500ms", "-Dbursar.registry.work-wait=30s"));
        extra.forEach(e -> command.add("-D" + e));
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString()));
        ProcessSupervisor supervisor = new ProcessSupervisor(data);
        supervisors.add(supervisor);
        ManagedProcess process = supervisor.start(name, command, data, Map.of());
        runtimes.add(process);
        process.awaitHttpOk(URI.create(url + "/q/health/live"), STARTUP);
    }

    private static String key(Path data, String user) throws IOException {
        return Files.readString(data.resolve("keys").resolve(user + ".key")).strip();
    }

    private JsonNode get(String url, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode post(String url, String key, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private interface Call {
        JsonNode get() throws Exception;
    }

    private JsonNode await(String what, Call call, Predicate<JsonNode> done) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode last = null;
        while (Instant.now().isBefore(until)) {
            last = call.get();
            if (done.test(last)) {
                return last;
            }
            sleep();
        }
        StringBuilder logs = new StringBuilder();
        runtimes.forEach(r -> logs.append("\n--- ").append(r.name()).append(" ---\n").append(r.tail(30)));
        throw new AssertionError("timed out waiting until " + what + "; last answer: " + last + logs);
    }

    private static BigInteger tokenBalance(Devnet devnet, String token, EvmAddress owner) {
        String data = "0x70a08231" + "0".repeat(24) + owner.value().substring(2).toLowerCase();
        return EthJsonRpc.quantity(devnet.evm().rpc().call("eth_call", Map.of("to", token, "data", data), "latest"));
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
