package dev.bursar.examples.uniswapprice;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.process.PackagedRuntime;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.SecretSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * This module's jar, built by Maven outside the runtime, dropped into the plugins directory of the packaged runtime (a
 * separate process of agent-runtime's quarkus-run.jar) on the devnet: the runtime lists it with its version and
 * permissions, refuses a jar built for another plugin API, and an agent granted the plugin runs its tool in a chat.
 * The model is a remote one (Ollama's documented /api/chat wire format, replayed by WireMock on loopback, since no model
 * server runs here): it asks for quote_swap, and what comes back to it is the plugin's quote read from anvil, checked
 * here against the pool's reserves.
 */
@WithDevnet({Component.EVM})
class PluginInPackagedRuntimeIT {

    @TempDir
    Path dir;

    private WireMockServer model;
    private PackagedRuntime runtime;

    @BeforeEach
    void startModel() {
        model = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        model.start();
        // the follow-up request carries the tool's result: answer it in words
        model.stubFor(post(urlEqualTo("/api/chat")).withRequestBody(containing("A quote, not a trade")).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(
                        "{\"model\":\"m-1\",\"created_at\":\"2024-07-22T20:33:29Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                                + "\"Here is the quote.\"},\"done\":false}\n"
                                + "{\"model\":\"m-1\",\"created_at\":\"2024-07-22T20:33:29Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                                + "\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":140,\"eval_count\":6}\n")));
        model.stubFor(post(urlEqualTo("/api/chat")).atPriority(5)
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(
                        "{\"model\":\"m-1\",\"created_at\":\"2024-07-22T20:33:28Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                                + "\"tool_calls\":[{\"function\":{\"name\":\"quote_swap\",\"arguments\":{\"token\":\"dUSD\",\"amount\":\"100\"}}}]},"
                                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":122,\"eval_count\":33}\n")));
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        model.stop();
    }

    @Test
    void theJarLoadsIntoThePackagedRuntimeAndItsToolRunsInChat(Devnet devnet) throws Exception {
        Path runtimeJar = Path.of(System.getProperty("bursar.runtime.jar"));
        Path pluginJar = Path.of(System.getProperty("bursar.plugin.jar"));
        assertThat(runtimeJar).as("the packaged runtime; build agent-runtime first (mvn -pl agent-runtime package)").exists();
        assertThat(pluginJar).as("this module's jar (mvn package)").exists();

        Path data = Files.createDirectories(dir.resolve("data"));
        Path plugins = Files.createDirectories(data.resolve("plugins"));
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));
        oldApiJar(plugins.resolve("weather-for-api-0.jar"));

        Path wallet = Files.createDirectories(data.resolve("wallet"));
        Files.writeString(wallet.resolve("password"), "plugin-it");
        Path keystore = EvmKeys.createKeystore(wallet, SecretSource.file(wallet.resolve("password")));
        String token = devnet.contracts().get("DevToken");
        Files.writeString(Files.createDirectories(data.resolve("agents")).resolve("trader.yaml"), """
                id: trader
                name: Trader
                owner: owner
                model: remote
                toolResultsAsAnswer: false
                plugins:
                  wallet: [wallet:read]
                  uniswap-price: [example:uniswap:quote, wallet:chain-read]
                pluginSettings:
                  uniswap-price:
                    factory: "%s"
                    weth: "%s"
                wallets:
                  evm:
                    rpcUrl: %s
                    chainId: %d
                    keystore: %s
                    passwordFile: %s
                    tokens: ["%s"]
                policy:
                  maxPerTransaction: ["0.01 ETH"]
                """.formatted(devnet.contracts().get("UniswapV2Factory"), devnet.contracts().get("WETH9"), devnet.evm().rpcUrl(),
                devnet.evm().chainId(), keystore, wallet.resolve("password"), token));

        runtime = PackagedRuntime.start(runtimeJar, data, URI.create("http://127.0.0.1:" + model.port()), Map.of());

        JsonNode listing = runtime.get("/api/plugins");
        JsonNode installed = find(listing.get("installed"), "id", "uniswap-price");
        assertThat(installed.get("source").asText()).isEqualTo("jar");
        assertThat(installed.get("location").asText()).isEqualTo(pluginJar.getFileName().toString());
        assertThat(installed.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(installed.get("permissions")).extracting(JsonNode::asText).containsExactly("example:uniswap:quote", "wallet:chain-read");
        JsonNode refused = find(listing.get("refused"), "location", "weather-for-api-0.jar");
        assertThat(refused.get("reason").asText()).contains("built for plugin API 0").contains("runs plugin API 1");

        JsonNode reply = runtime.chat("trader", "What would I get for selling 100 dUSD on Uniswap?");
        JsonNode tool = find(reply.get("events"), "type", "tool");
        assertThat(reply.get("events").findValues("type")).extracting(JsonNode::asText).filteredOn("tool"::equals).as("one tool call").hasSize(1);
        assertThat(tool.get("tool").asText()).isEqualTo("quote_swap");
        assertThat(tool.get("failed").asBoolean()).as(tool.toString()).isFalse();
        String expected = "Selling 100 dUSD on Uniswap V2 returns " + expectedEth(devnet, "100") + " ETH";
        assertThat(tool.get("result").asText()).startsWith(expected).contains("nothing was sent");
        assertThat(reply.get("reply").asText()).as("reply %s after %d model requests", reply,
                model.findAll(postRequestedFor(urlEqualTo("/api/chat"))).size()).isEqualTo("Here is the quote.");
        var followUp = model.findAll(postRequestedFor(urlEqualTo("/api/chat"))).getLast().getBodyAsString();
        assertThat(followUp).as("the plugin's quote went back to the model").contains(expected);
    }

    /** getAmountOut on the devnet's dUSD/WETH pair, from its reserves read here independently of the plugin. */
    private static String expectedEth(Devnet devnet, String dusd) {
        EthJsonRpc rpc = devnet.evm().rpc();
        String pair = devnet.contracts().get("UniswapV2Pair:DevToken");
        String reserves = rpc.call("eth_call", Map.of("to", pair, "data", "0x0902f1ac"), "latest").asText().substring(2);
        String token0 = "0x" + rpc.call("eth_call", Map.of("to", pair, "data", "0x0dfe1681"), "latest").asText().substring(26);
        BigInteger r0 = new BigInteger(reserves.substring(0, 64), 16);
        BigInteger r1 = new BigInteger(reserves.substring(64, 128), 16);
        boolean dusdFirst = token0.equalsIgnoreCase(devnet.contracts().get("DevToken"));
        BigInteger in = new BigDecimal(dusd).movePointRight(6).toBigIntegerExact().multiply(BigInteger.valueOf(997));
        BigInteger rIn = dusdFirst ? r0 : r1;
        BigInteger rOut = dusdFirst ? r1 : r0;
        BigInteger wei = in.multiply(rOut).divide(rIn.multiply(BigInteger.valueOf(1000)).add(in));
        return new BigDecimal(wei, 18).stripTrailingZeros().toPlainString();
    }

    /** A jar whose manifest says it was built for plugin API 0. */
    private static void oldApiJar(Path jar) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Bursar-Plugin-Api", "0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("META-INF/services/dev.bursar.tools.BursarPlugin"));
            out.write("com.example.Weather\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no entry with " + field + "=" + value + " in " + array);
    }
}
