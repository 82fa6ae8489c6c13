package dev.bursar.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.registry.discovery.AgentIndex;
import dev.bursar.registry.discovery.AgentUriResolver;
import dev.bursar.registry.discovery.DiscoveryConfig;
import dev.bursar.registry.discovery.FileIndexStore;
import dev.bursar.registry.discovery.Price;
import dev.bursar.registry.discovery.RegistryIndexer;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Discovery on the devnet, each figure against its baseline in the same run: catching up on N registration events
 * (read, resolve each data: registration file, check it names its agent, index) against the bare eth_getLogs reads of
 * the same blocks; and a query over the N indexed agents (skill text, and with a price ceiling and a minimum reputation)
 * against copying the index's entries once (the floor of any scan).
 * The query runs over {@code indexed} agents held in the index (built from the same registration files without the
 * chain: registering tens of thousands on anvil takes longer than the catch-up being measured).
 * Usage: DiscoveryBench [registration events on chain, default 2000] [agents in the queried index, default 10000]
 * [queries, default 1000] [registrations mined per block, default 1]. More than one registration per block (automine off,
 * a block gas limit that holds them, {@code evm_mine} after each batch) makes registering 10,000 agents on anvil fit in
 * minutes, and keeps anvil from writing thousands of growing historical states to ~/.foundry/anvil/tmp (enough to
 * fill this machine's disk at 10,000 agents in 1,000 blocks); the catch-up then reads as many events from fewer blocks.
 */
public final class DiscoveryBench {

    private static final String[] SKILLS = {"summarise", "translate", "price-oracle", "transcribe", "classify", "search", "caption",
        "forecast", "review-code", "extract-tables", "detect-fraud", "route-payments", "schedule", "geocode", "sentiment", "ocr"};
    private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String REGISTERED = Hash.sha3String("Registered(uint256,string,address)");

    private DiscoveryBench() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int indexed = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int perBlock = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path dir = Files.createTempDirectory("bursar-discovery-bench-");
        try (Devnet devnet = Devnet.builder().build().ensure(Component.EVM)) {
            EthJsonRpc rpc = devnet.evm().rpc();
            String identity = devnet.contracts().get("IdentityRegistry");
            long chainId = devnet.evm().chainId();
            String registry = "eip155:" + chainId + ":" + identity.toLowerCase();
            long first = blockNumber(rpc) + 1;
            long t0 = System.nanoTime();
            register(rpc, devnet.evm().accounts().get(7).address(), identity, registry, agents, perBlock);
            long last = blockNumber(rpc);
            System.out.printf("registered %d agents (%d per block) in blocks %d..%d in %.1f s%n", agents, perBlock, first, last,
                    (System.nanoTime() - t0) / 1e9);

            long logsNs = bareLogs(rpc, identity, first, last, 2_000);
            Web3j web3j = Web3j.build(new HttpService(devnet.evm().rpcUrl().toString()));
            RegistryIndexer indexer = RegistryIndexer.builder().web3j(web3j)
                    .config(DiscoveryConfig.builder().chainId(chainId).identityRegistry(EvmAddress.of(identity))
                            .reputationRegistry(EvmAddress.of(devnet.contracts().get("ReputationRegistry")))
                            .startBlock(first).confirmations(0).maxBlockRange(2_000).build())
                    .resolver(AgentUriResolver.builder().build()).index(new AgentIndex())
                    .store(new FileIndexStore(dir.resolve("index.json"))).build();
            long t1 = System.nanoTime();
            while (indexer.lastBlock() < last) {
                indexer.poll();
            }
            long catchUpNs = System.nanoTime() - t1;
            AgentIndex index = indexer.index();
            if (index.size() != agents) {
                throw new IllegalStateException("indexed " + index.size() + " of " + agents + " agents: " + indexer.rejections().values().stream().limit(3).toList());
            }
            System.out.printf("catch-up over %d registration events: %.2f s (%.0f events/s); bare eth_getLogs of the same blocks: %.2f s; ratio %.1f%n",
                    agents, catchUpNs / 1e9, agents / (catchUpNs / 1e9), logsNs / 1e9, (double) catchUpNs / logsNs);

            web3j.shutdown();
            List<dev.bursar.registry.discovery.IndexedAgent> many = new ArrayList<>();
            for (int i = 0; i < indexed; i++) {
                String json = registrationJson(i, SKILLS[i % SKILLS.length], 1_000 + (i * 7919L) % 1_000_000, registry);
                many.add(new dev.bursar.registry.discovery.IndexedAgent(BigInteger.valueOf(i), EvmAddress.of(devnet.evm().accounts().get(7).address()),
                        "data:", EvmAddress.of(devnet.evm().accounts().get(7).address()),
                        dev.bursar.registry.discovery.RegistrationFile.parse(json), json, 1));
            }
            queries(dev.bursar.registry.discovery.BenchIndex.of(many), queries);
        }
    }

    private static void queries(AgentIndex index, int queries) {
        Random random = new Random(42);
        Price ceiling = new Price(BigInteger.valueOf(500_000), EvmAddress.of(TOKEN));
        for (int i = 0; i < 200; i++) { // warm up
            index.query(SKILLS[random.nextInt(SKILLS.length)], Optional.empty(), Optional.empty());
            index.agents();
        }
        long[] text = new long[queries];
        long[] filtered = new long[queries];
        long[] copy = new long[queries];
        int matched = 0;
        for (int i = 0; i < queries; i++) {
            String skill = SKILLS[random.nextInt(SKILLS.length)];
            long a = System.nanoTime();
            matched += index.query(skill, Optional.empty(), Optional.empty()).size();
            text[i] = System.nanoTime() - a;
            long b = System.nanoTime();
            index.query(skill, Optional.of(ceiling), Optional.of(BigDecimal.ZERO));
            filtered[i] = System.nanoTime() - b;
            long c = System.nanoTime();
            index.agents();
            copy[i] = System.nanoTime() - c;
        }
        System.out.printf("query over %d agents, p50 of %d: by skill text %.2f ms (%.0f matches on average); with a price ceiling and a "
                        + "minimum reputation %.2f ms; copying the index's entries once %.2f ms; ratio %.1f / %.1f%n",
                index.size(), queries, p50(text) / 1e6, (double) matched / queries, p50(filtered) / 1e6, p50(copy) / 1e6,
                p50(text) / p50(copy), p50(filtered) / p50(copy));
    }

    /**
     * Registers {@code count} agents, each pointing at a data: file that names its own id, ids counted from the registry's;
     * {@code perBlock} registrations to a block (1: anvil's automine, one block per transaction).
     */
    private static void register(EthJsonRpc rpc, String from, String identity, String registry, int count, int perBlock) {
        long base = rpc.call("eth_getLogs", Map.of("address", identity, "fromBlock", "0x0", "toBlock", "latest",
                "topics", List.of(REGISTERED))).size();
        Random random = new Random(7);
        List<String> hashes = new ArrayList<>();
        if (perBlock > 1) { // each registration is sent with 2M gas: the block must hold perBlock of them
            rpc.call("evm_setBlockGasLimit", "0x" + Long.toHexString(2_000_000L * perBlock + 1_000_000L));
            rpc.call("evm_setAutomine", false);
        }
        for (int i = 0; i < count; i++) {
            long id = base + i;
            String json = registrationJson(id, SKILLS[random.nextInt(SKILLS.length)], 1_000 + random.nextInt(1_000_000), registry);
            String uri = "data:application/json;base64," + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            String data = FunctionEncoder.encode(new Function("register", List.of(new Utf8String(uri)), List.of()));
            hashes.add(rpc.call("eth_sendTransaction", Map.of("from", from, "to", identity, "data", data, "gas", "0x1e8480")).asText());
            if (perBlock > 1 && (hashes.size() % perBlock == 0 || hashes.size() == count)) {
                rpc.call("evm_mine");
                rpc.awaitReceipt(hashes.get(hashes.size() - 1), java.time.Duration.ofMinutes(2));
            } else if (perBlock == 1 && hashes.size() % 50 == 0) { // anvil stops mining a pool thousands deep: keep it shallow
                rpc.awaitReceipt(hashes.get(hashes.size() - 1), java.time.Duration.ofMinutes(2));
            }
        }
        if (perBlock > 1) {
            rpc.call("evm_setAutomine", true);
        }
        JsonNode lastReceipt = rpc.awaitReceipt(hashes.get(hashes.size() - 1), java.time.Duration.ofMinutes(10));
        if (!"0x1".equals(lastReceipt.path("status").asText())) {
            throw new IllegalStateException("the last registration reverted");
        }
    }

    private static String registrationJson(long id, String skill, long price, String registry) {
        return """
                {"type":"https://eips.ethereum.org/EIPS/eip-8004#registration-v1","name":"Agent %d","description":"a %s agent",\
                "services":[{"name":"A2A","endpoint":"http://127.0.0.1:1/a2a","version":"0.3.0","skills":["%s"],\
                "bursar:prices":{"%s":{"amount":"%d","token":"%s"}}}],"active":true,\
                "registrations":[{"agentId":%d,"agentRegistry":"%s"}]}""".formatted(id, skill, skill, skill, price, TOKEN, id, registry);
    }

    private static long bareLogs(EthJsonRpc rpc, String identity, long first, long last, int range) {
        long t = System.nanoTime();
        int events = 0;
        for (long from = first; from <= last; from += range) {
            long to = Math.min(last, from + range - 1);
            events += rpc.call("eth_getLogs", Map.of("address", identity, "fromBlock", "0x" + Long.toHexString(from),
                    "toBlock", "0x" + Long.toHexString(to), "topics", List.of(REGISTERED))).size();
        }
        if (events == 0) {
            throw new IllegalStateException("no registration events between " + first + " and " + last);
        }
        return System.nanoTime() - t;
    }

    private static long blockNumber(EthJsonRpc rpc) {
        return Long.decode(rpc.call("eth_blockNumber").asText());
    }

    private static double p50(long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
