package dev.bursar.runtime.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.SecretSource;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Prepares the demo on a running devnet ({@code ./bursar demo}): a fresh keystore for the demo agent funded with
 * 10 ETH and 1000 dUSD from an anvil dev account, and {@code agents/demo.yaml} binding that account and LND alice.
 * Usage: DemoSetup &lt;devnet.json&gt; &lt;data dir&gt;.
 */
public final class DemoSetup {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoSetup() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: DemoSetup <devnet.json> <data dir> [runtime port, to publish the hireable oracle]");
            System.exit(2);
        }
        JsonNode devnet = JSON.readTree(Files.readString(Path.of(args[0])));
        Path data = Path.of(args[1]).toAbsolutePath();
        Path agents = Files.createDirectories(data.resolve("agents"));
        JsonNode evm = devnet.get("evm");
        String rpc = evm.get("rpcUrl").asText();
        String funder = evm.get("accounts").get(0).get("address").asText();
        String token = evm.get("contracts").get("DevToken").asText();
        Path keys = Files.createDirectories(data.resolve("demo-wallet"));
        Path passwordFile = keys.resolve("keystore.password");
        Path keystore = fundedKeystore(keys, rpc, funder, token);
        EvmAddress address = EvmKeys.fromKeystore(keystore, SecretSource.file(passwordFile)).address();
        // with the runtime's port (./bursar demo), a second agent that the demo agent can find and hire: a price oracle
        Optional<Integer> port = args.length > 2 ? Optional.of(Integer.parseInt(args[2])) : Optional.empty();

        JsonNode alice = devnet.get("lightning").get("nodes").get("alice");
        // The agent gets a macaroon baked for exactly its wallet's RPCs, never alice's admin macaroon.
        Path macaroon = DemoMacaroon.bake(alice.get("grpcHost").asText(), alice.get("grpcPort").asInt(),
                Path.of(alice.get("tlsCert").asText()), Path.of(alice.get("adminMacaroon").asText()),
                keys.resolve("lnd-agent.macaroon"));
        String yaml = """
                id: demo
                name: Demo wallet agent
                owner: demo
                model: local
                memoryWindow: 12
                persona: |
                  %s
                plugins:
                  wallet: [wallet:read, wallet:spend, wallet:receive]
                  contracts: [contract:read]
                  l402: [net:paid-fetch]%s
                l402: {maxPriceSats: 100, allowedHosts: [127.0.0.1, localhost], hostBudgetSats: 1000, hostBudgetWindow: PT24H}
                wallets:
                  evm:
                    rpcUrl: %s
                    chainId: %d
                    keystore: %s
                    passwordFile: %s
                    tokens: ["%s"]
                  lightning:
                    host: %s
                    port: %d
                    tlsCert: %s
                    macaroon: %s
                    network: regtest
                policy:
                  maxPerTransaction: ["0.1 ETH", "100 dUSD", "20000 sat"]
                  approvalAbove: ["0.02 ETH", "20 dUSD", "5000 sat"]
                  budgets:
                    - { window: PT24H, cap: "0.5 ETH" }
                    - { window: PT24H, cap: "50000 sat" }
                  rateLimit: { count: 20, window: PT1M }
                  approvalTtl: PT15M
                """.formatted(persona().replace("\n", "\n  "), port.isPresent() ? "\n  agents: [agents:find, agents:hire]" : "", rpc, evm.get("chainId").asLong(), keystore, passwordFile, token,
                alice.get("grpcHost").asText(), alice.get("grpcPort").asInt(), alice.get("tlsCert").asText(),
                macaroon);
        Files.writeString(agents.resolve("demo.yaml"), yaml);
        Path config = Files.createDirectories(data.resolve("config"));
        Files.writeString(config.resolve("application.properties"), String.join("\n",
                "# written by ./bursar demo for the devnet started with it",
                "bursar.data-dir=" + data,
                "bursar.agents-dir=" + agents,
                "bursar.local-model=" + devnet.get("model").get("path").asText(),
                "bursar.security.bootstrap-users=admin:admin,demo:user",
                "bursar.uniswap-v2." + evm.get("chainId").asLong() + ".factory=" + evm.get("contracts").get("UniswapV2Factory").asText(),
                "bursar.uniswap-v2." + evm.get("chainId").asLong() + ".router=" + evm.get("contracts").get("UniswapV2Router02").asText(),
                "bursar.uniswap-v2." + evm.get("chainId").asLong() + ".weth=" + evm.get("contracts").get("WETH9").asText(),
                port.map(p -> registry(evm, p, data, address)).orElse(""),
                "") );
        if (port.isPresent()) {
            Path oracleKeys = Files.createDirectories(data.resolve("oracle-wallet"));
            Path oracleKeystore = fundedKeystore(oracleKeys, rpc, funder, token);
            Files.writeString(agents.resolve("oracle.yaml"), oracle(rpc, evm.get("chainId").asLong(), oracleKeystore,
                    oracleKeys.resolve("keystore.password"), token));
            System.out.println("oracle agent: a dUSD price oracle published in the devnet's agent registry; the demo agent can hire it");
        }
        System.out.println("demo agent: EVM " + address + " (10 ETH, 1000 dUSD on anvil), Lightning node alice");
        System.out.println("try: send 0.01 ETH to " + evm.get("accounts").get(1).get("address").asText());
    }

    /**
     * A keystore in {@code dir} (made once, password in {@code keystore.password}) whose account holds at least 1 ETH;
     * a new one gets 10 ETH and 1000 dUSD from {@code funder}.
     */
    private static Path fundedKeystore(Path dir, String rpc, String funder, String token) throws IOException, InterruptedException {
        Path passwordFile = dir.resolve("keystore.password");
        if (!Files.exists(passwordFile)) {
            byte[] pw = new byte[24];
            new SecureRandom().nextBytes(pw);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, HexFormat.of().formatHex(pw));
        }
        Path keystore;
        try (var list = Files.list(dir)) {
            keystore = list.filter(p -> p.getFileName().toString().startsWith("UTC--")).findFirst()
                    .orElseGet(() -> EvmKeys.createKeystore(dir, SecretSource.file(passwordFile)));
        }
        EvmAddress address = EvmKeys.fromKeystore(keystore, SecretSource.file(passwordFile)).address();
        if (balance(rpc, address).compareTo(BigInteger.TEN.pow(18)) < 0) {
            send(rpc, funder, address.value(), BigInteger.TEN.pow(19), "0x");
            String transfer = "0xa9059cbb" + word(new BigInteger(address.value().substring(2), 16))
                    + word(BigInteger.valueOf(1000).multiply(BigInteger.TEN.pow(6)));
            send(rpc, funder, token, BigInteger.ZERO, transfer);
        }
        return keystore;
    }

    /** The devnet's agent registry, as the runtime on {@code port} takes part in it; the demo agent's own reviews count. */
    private static String registry(JsonNode evm, int port, Path data, EvmAddress demoAgent) {
        JsonNode c = evm.get("contracts");
        String self = "http://127.0.0.1:" + port;
        return String.join("\n",
                "bursar.registry.chain-id=" + evm.get("chainId").asLong(),
                "bursar.registry.rpc-url=" + evm.get("rpcUrl").asText(),
                "bursar.registry.identity=" + c.get("IdentityRegistry").asText(),
                "bursar.registry.reputation=" + c.get("ReputationRegistry").asText(),
                "bursar.registry.escrow=" + c.get("JobEscrow").asText(),
                "bursar.registry.trusted-reviewers=" + demoAgent.value(),
                "bursar.registry.allow-private-hosts=127.0.0.1",
                "bursar.registry.public-url=" + self,
                // the demo agent hires the oracle on this same runtime, over HTTP, with the demo user's key
                "bursar.registry.credentials=" + self + "=" + data.resolve("keys").resolve("demo.key"));
    }

    /** The hireable oracle: quotes dUSD in ETH from the devnet's Uniswap V2 pool for 0.5 dUSD a question. */
    private static String oracle(String rpc, long chainId, Path keystore, Path passwordFile, String token) {
        return """
                id: oracle
                name: dUSD price oracle
                owner: demo
                model: local
                wallets:
                  evm:
                    rpcUrl: %s
                    chainId: %d
                    keystore: %s
                    passwordFile: %s
                    tokens: ["%s"]
                policy:
                  maxPerTransaction: ["0.05 ETH", "10 dUSD"]
                publish:
                  description: Quotes dUSD in ETH from the chain's Uniswap V2 pool, read on chain at the latest block
                  skills:
                    - id: dusd-price
                      name: dUSD price oracle
                      description: The price of dUSD in ETH on Uniswap V2
                      tags: [price, oracle, dusd, uniswap, quote]
                      price: "0.5 dUSD"
                      answer: uniswap-v2-price
                      token: dUSD
                """.formatted(rpc, chainId, keystore, passwordFile, token);
    }

    /** The demo agent's persona: what it can do, with no example that holds an address or an invoice. */
    static String persona() throws IOException {
        try (var in = DemoSetup.class.getResourceAsStream("persona.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }

    private static BigInteger balance(String rpc, EvmAddress address) throws IOException, InterruptedException {
        return new BigInteger(call(rpc, "eth_getBalance", "\"" + address.value() + "\",\"latest\"").asText().substring(2), 16);
    }

    private static void send(String rpc, String from, String to, BigInteger value, String data) throws IOException, InterruptedException {
        String tx = "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"value\":\"0x" + value.toString(16) + "\",\"data\":\"" + data + "\"}";
        String hash = call(rpc, "eth_sendTransaction", tx).asText();
        for (int i = 0; i < 100; i++) {
            JsonNode receipt = call(rpc, "eth_getTransactionReceipt", "\"" + hash + "\"");
            if (receipt != null && !receipt.isNull()) {
                if (!"0x1".equals(receipt.path("status").asText())) {
                    throw new IllegalStateException("funding transaction " + hash + " reverted");
                }
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("funding transaction " + hash + " was not mined");
    }

    private static JsonNode call(String rpc, String method, String params) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[" + params + "]}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(rpc)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(r.body());
        if (node.has("error")) {
            throw new IllegalStateException(method + " failed: " + node.get("error"));
        }
        return node.get("result");
    }

    private static String word(BigInteger v) {
        String hex = v.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }
}
