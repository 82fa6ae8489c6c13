package dev.bursar.registry.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.registry.a2a.A2aCard;
import dev.bursar.registry.a2a.A2aClient;
import dev.bursar.registry.a2a.A2aResult;
import dev.bursar.registry.a2a.A2aServer;
import dev.bursar.registry.a2a.A2aSkill;
import dev.bursar.registry.discovery.AgentIndex;
import dev.bursar.registry.discovery.AgentUriResolver;
import dev.bursar.registry.discovery.DiscoveryConfig;
import dev.bursar.registry.discovery.FileIndexStore;
import dev.bursar.registry.discovery.IndexedAgent;
import dev.bursar.registry.discovery.Price;
import dev.bursar.registry.discovery.RegistryIndexer;
import dev.bursar.registry.discovery.RegistryRef;
import dev.bursar.registry.escrow.JobEscrowClient;
import dev.bursar.registry.hire.FileHireJournal;
import dev.bursar.registry.hire.HireOrder;
import dev.bursar.registry.hire.HireOutcome;
import dev.bursar.registry.hire.HireProtocol;
import dev.bursar.registry.hire.HireState;
import dev.bursar.registry.hire.Hirer;
import dev.bursar.registry.hire.JobDesk;
import dev.bursar.registry.identity.IdentityRegistryClient;
import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.registry.reputation.ReputationRegistryClient;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.policy.rules.IntentBindingRule;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One full hire on the devnet's anvil through the real library, against its baseline in the same run: a {@link Hirer}
 * (quote over A2A, checks, approve + createJob, the job over A2A, verify, complete, feedback) hiring a {@link JobDesk}
 * served by an {@link A2aServer} on loopback (which submits the result hash), each side through its own guarded wallet
 * with intent binding on; against the same on-chain steps sent directly through the same guarded wallets (createJob,
 * submit, complete, giveFeedback), without A2A and without the hirer's checks. Reports p50 and p90 of the wall time per
 * hire and the gas of each step read from the receipts. The skill is a fixed function (no model).
 * Usage: HireBench [hires, default 20] [warm-up hires not counted, default 2] [the hirer's A2A poll interval in ms, default
 * the library's].
 */
public final class HireBench {

    private static final String TASK = "Bursar hosts agents that hold money. The model proposes; a policy decides. Nothing is paid twice.";
    private static final String SUMMARY = "Agents propose, policy decides.";
    private static final String SKILL = "summarise";
    private static final String PRICE = "2";
    private static final String BUDGET = "3";

    private final Devnet devnet;
    private final Web3j web3j;
    private final Path dir;
    private final EvmAddress escrow;
    private final EvmAddress reputation;
    private final EvmAddress identity;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Asset.Erc20Token dusd;
    private BenchParty provider;
    private BenchParty hirerParty;
    private String cardUrl;

    private HireBench(Devnet devnet, Web3j web3j, Path dir) {
        this.devnet = devnet;
        this.web3j = web3j;
        this.dir = dir;
        this.escrow = EvmAddress.of(devnet.contracts().get("JobEscrow"));
        this.reputation = EvmAddress.of(devnet.contracts().get("ReputationRegistry"));
        this.identity = EvmAddress.of(devnet.contracts().get("IdentityRegistry"));
    }

    public static void main(String[] args) {
        try {
            int hires = args.length > 0 ? Integer.parseInt(args[0]) : 20;
            int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 2;
            Optional<Duration> poll = args.length > 2 ? Optional.of(Duration.ofMillis(Long.parseLong(args[2]))) : Optional.empty();
            Path dir = Files.createTempDirectory("bursar-hire-bench-");
            try (Devnet devnet = Devnet.builder().build().ensure(Component.EVM)) {
                Web3j web3j = Web3j.build(new HttpService(devnet.evm().rpcUrl().toString()));
                HireBench bench = new HireBench(devnet, web3j, dir);
                try {
                    bench.run(hires, warmUp, poll);
                } finally {
                    bench.close();
                    web3j.shutdown();
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run(int hires, int warmUp, Optional<Duration> poll) throws IOException {
        BenchParty probe = new BenchParty("probe", devnet, 2, web3j, dir, List.of(), b -> b);
        dusd = probe.rail.token(EvmAddress.of(devnet.contracts().get("DevToken")));
        probe.close();
        provider = party("provider", 2);
        hirerParty = party("hirer", 3);
        BigInteger agentId = serve();
        IndexedAgent agent = discover(agentId);
        A2aClient.Builder a2a = A2aClient.builder().cards(AgentUriResolver.builder().allowPrivateHost("127.0.0.1").build());
        poll.ifPresent(a2a::pollInterval);
        System.out.println("the hirer's A2A poll interval: " + poll.map(d -> d.toMillis() + " ms").orElse("the library's default"));
        Hirer hirer = Hirer.builder().a2a(a2a.build())
                .chain(web3j, escrow, reputation, new RegistryRef(devnet.evm().chainId(), identity))
                .sender(hirerParty.sender).journal(FileHireJournal.open(dir.resolve("hires.jsonl")))
                .jobTimeout(Duration.ofMinutes(10)).workWait(Duration.ofSeconds(30)).build();
        StepGas gas = new StepGas(devnet.evm().rpc());

        long[] hireNs = new long[hires];
        long[] directNs = new long[hires];
        List<Map<String, Long>> hireGas = new ArrayList<>();
        List<Map<String, Long>> directGas = new ArrayList<>();
        for (int i = -warmUp; i < hires; i++) {
            long before = gas.latestBlock();
            long t0 = System.nanoTime();
            HireOutcome outcome = hirer.hire(order("bench-" + i, agent));
            long hireTime = System.nanoTime() - t0;
            long afterHire = gas.latestBlock();
            if (outcome.state() != HireState.COMPLETED || !SUMMARY.equals(outcome.result())) {
                throw new IllegalStateException("hire " + i + " came to " + outcome.state() + ": " + outcome.note());
            }
            long t1 = System.nanoTime();
            direct("direct-" + i, agentId);
            long directTime = System.nanoTime() - t1;
            long afterDirect = gas.latestBlock();
            if (i >= 0) {
                hireNs[i] = hireTime;
                directNs[i] = directTime;
                hireGas.add(gas.between(before, afterHire));
                directGas.add(gas.between(afterHire, afterDirect));
            }
        }
        report(hires, warmUp, hireNs, directNs, hireGas, directGas);
    }

    /** The baseline: the same on-chain steps, each through the same guarded wallet and grounding, without A2A or checks. */
    private void direct(String key, BigInteger agentId) {
        Grounding.Hire grounding = new Grounding.Hire(words(), Amount.of(dusd, BUDGET), Set.of(escrow, reputation));
        GuardedTransactionSender opening = hirerParty.sender.forWork(key + "-open", grounding);
        Instant deadline = Instant.ofEpochSecond(latestBlockTime()).plus(Duration.ofMinutes(10));
        BigInteger jobId = new JobEscrowClient(web3j, escrow, opening).createJob(provider.address(), Optional.empty(),
                Amount.of(dusd, PRICE), deadline, HireProtocol.hash(TASK)).id();
        GuardedTransactionSender duty = provider.sender.forWork(key + "-submit",
                new Grounding.OwnerDuty("submit the result of job " + jobId, Set.of(escrow)));
        new JobEscrowClient(web3j, escrow, duty).submit(jobId, HireProtocol.hash(SUMMARY));
        String paid = new JobEscrowClient(web3j, escrow, hirerParty.sender.forWork(key + "-settle", grounding))
                .complete(jobId, HireProtocol.hash("accepted: result matches the submitted hash")).hash();
        byte[] file = feedbackFile(agentId, jobId, paid).getBytes(StandardCharsets.UTF_8);
        new ReputationRegistryClient(web3j, reputation, hirerParty.sender.forWork(key + "-rate", grounding)).giveFeedback(agentId,
                FeedbackValue.of(100, 0), Hirer.FEEDBACK_TAG, SKILL, cardUrl,
                "data:application/json;base64," + Base64.getEncoder().encodeToString(file), Hash.sha3(file));
    }

    /** A feedback file of the same shape as the hirer's (so giveFeedback carries as many bytes in both). */
    private String feedbackFile(BigInteger agentId, BigInteger jobId, String txHash) {
        String client = hirerParty.address().value();
        return "{\"agentRegistry\":\"eip155:" + devnet.evm().chainId() + ":" + identity.value() + "\",\"agentId\":" + agentId
                + ",\"clientAddress\":\"eip155:" + devnet.evm().chainId() + ":" + client + "\",\"createdAt\":\"" + Instant.now()
                + "\",\"value\":100,\"valueDecimals\":0,\"tag1\":\"" + Hirer.FEEDBACK_TAG + "\",\"tag2\":\"" + SKILL + "\",\"endpoint\":\""
                + cardUrl + "\",\"a2a\":{\"skills\":[\"" + SKILL + "\"],\"taskId\":\"" + UUID.randomUUID() + "\"},\"proofOfPayment\":"
                + "{\"fromAddress\":\"" + client + "\",\"toAddress\":\"" + escrow.value() + "\",\"chainId\":\"" + devnet.evm().chainId()
                + "\",\"txHash\":\"" + txHash + "\",\"jobId\":\"" + jobId + "\"}}";
    }

    private void report(int hires, int warmUp, long[] hireNs, long[] directNs, List<Map<String, Long>> hireGas,
                        List<Map<String, Long>> directGas) {
        System.out.printf("full hire (quote -> approve+createJob -> A2A job -> submit -> complete -> feedback), %d hires after %d"
                        + " warm-up: p50 %.1f ms, p90 %.1f ms; direct on-chain steps through the same guarded wallets: p50 %.1f ms,"
                        + " p90 %.1f ms; ratio p50 %.2f, p90 %.2f%n", hires, warmUp, percentile(hireNs, 0.5) / 1e6,
                percentile(hireNs, 0.9) / 1e6, percentile(directNs, 0.5) / 1e6, percentile(directNs, 0.9) / 1e6,
                percentile(hireNs, 0.5) / percentile(directNs, 0.5), percentile(hireNs, 0.9) / percentile(directNs, 0.9));
        long hireSum = 0;
        long directSum = 0;
        StringBuilder line = new StringBuilder("gas per step, median over the hires (hire / direct):");
        for (String step : StepGas.STEPS) {
            long h = median(hireGas, step);
            long d = median(directGas, step);
            hireSum += h;
            directSum += d;
            if (h != 0 || d != 0) {
                line.append(' ').append(step).append(' ').append(h).append(range(hireGas, step)).append(" / ").append(d)
                        .append(range(directGas, step)).append(';');
            }
        }
        System.out.println(line.append(" sum ").append(hireSum).append(" / ").append(directSum)
                .append(String.format(" (ratio %.3f)", (double) hireSum / directSum)));
    }

    private static long median(List<Map<String, Long>> runs, String step) {
        long[] values = runs.stream().mapToLong(m -> m.get(step)).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    private static String range(List<Map<String, Long>> runs, String step) {
        long min = runs.stream().mapToLong(m -> m.get(step)).min().orElse(0);
        long max = runs.stream().mapToLong(m -> m.get(step)).max().orElse(0);
        return min == max ? "" : " (" + min + ".." + max + ")";
    }

    /** Nearest-rank percentile. */
    private static double percentile(long[] ns, double q) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** An agent whose policy binds intents, may call only the registry contracts, and declares their value-neutral calls. */
    private BenchParty party(String name, int account) {
        UnaryOperator<PaymentPolicy.Builder> tune = b -> b.bindToUserWords(IntentBindingRule.Mode.DENY)
                .declareCalls(escrow, JobEscrowClient.VALUE_NEUTRAL_CALLS.toArray(String[]::new))
                .declareCalls(reputation, ReputationRegistryClient.VALUE_NEUTRAL_CALLS.toArray(String[]::new));
        BenchParty p = new BenchParty(name, devnet, account, web3j, dir, List.of(dusd), tune);
        open.add(p);
        return p;
    }

    /** Serves the provider's summarising job desk over A2A on loopback and registers it with its price; returns its id. */
    private BigInteger serve() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        JobDesk desk = JobDesk.builder().escrow(web3j, escrow).sender(provider.sender)
                .price(SKILL, new Price(Amount.of(dusd, PRICE).units(), dusd.contract()))
                .skills(request -> new A2aResult(SUMMARY, Map.of())).build();
        A2aCard card = new A2aCard("Summariser", "Summarises text", base + "/a2a", "1.0.0",
                List.of(new A2aSkill(SKILL, "Summarise", "Summarises a text in one line", List.of("text"))), false);
        A2aServer server = A2aServer.builder().card(card).work(desk).build();
        http.createContext("/.well-known/agent-card.json", ex -> reply(ex, server.cardJson()));
        http.createContext("/a2a", ex -> reply(ex, server.handle(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                "hirer")));
        http.start();
        open.add(() -> http.stop(0));
        open.add(server);
        cardUrl = base + "/a2a";
        // the owner registers from the provider's account, as the bench's operator (set-up, not measured)
        BenchParty owner = new BenchParty("provider-owner", devnet, 2, web3j, dir, List.of(), b -> b);
        open.add(owner);
        IdentityRegistryClient registry = new IdentityRegistryClient(web3j, identity, owner.operated());
        BigInteger id = registry.register("ipfs://pending");
        registry.setAgentUri(id, registration(id, base + "/" + A2aCard.CARD_PATH));
        return id;
    }

    private String registration(BigInteger id, String endpoint) {
        String json = """
                {"type": "https://eips.ethereum.org/EIPS/eip-8004#registration-v1", "name": "Summariser", "description": "summarises text",
                 "services": [{"name": "A2A", "endpoint": "%s", "version": "0.3.0", "skills": ["%s"],
                               "bursar:prices": {"%s": {"amount": "%s", "token": "%s"}}}],
                 "registrations": [{"agentId": %s, "agentRegistry": "eip155:%d:%s"}]}
                """.formatted(endpoint, SKILL, SKILL, Amount.of(dusd, PRICE).units(), dusd.contract().value(), id, devnet.evm().chainId(),
                identity.value());
        return "data:application/json;base64," + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Indexes the registry from its first block and returns agent {@code id} as discovery sees it. */
    private IndexedAgent discover(BigInteger id) {
        AgentIndex index = new AgentIndex();
        RegistryIndexer indexer = RegistryIndexer.builder().web3j(web3j)
                .config(DiscoveryConfig.builder().chainId(devnet.evm().chainId()).identityRegistry(identity).reputationRegistry(reputation)
                        .startBlock(0).confirmations(0).maxBlockRange(100_000).build())
                .resolver(AgentUriResolver.builder().build()).index(index)
                .store(new FileIndexStore(dir.resolve("index.json"))).build();
        indexer.poll();
        return index.get(id).orElseThrow(() -> new IllegalStateException("agent " + id + " not indexed: " + indexer.rejections().get(id)));
    }

    private HireOrder order(String id, IndexedAgent agent) {
        return new HireOrder(id, agent, SKILL, TASK, Amount.of(dusd, BUDGET), words());
    }

    private static UserWords words() {
        return new UserWords(List.of("Find an agent to summarise my notes, spend at most " + BUDGET + " DUSD"), AddressBook.empty());
    }

    private long latestBlockTime() {
        try {
            return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
        } catch (IOException e) {
            throw new IllegalStateException("anvil did not answer a block read", e);
        }
    }

    private void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static void reply(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
