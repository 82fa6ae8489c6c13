package dev.bursar.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.registry.discovery.AgentIndex;
import dev.bursar.registry.discovery.AgentMatch;
import dev.bursar.registry.discovery.AgentUriResolver;
import dev.bursar.registry.discovery.DiscoveryConfig;
import dev.bursar.registry.discovery.FileIndexStore;
import dev.bursar.registry.discovery.IndexedAgent;
import dev.bursar.registry.discovery.Price;
import dev.bursar.registry.discovery.RegistryIndexer;
import dev.bursar.registry.identity.IdentityRegistryClient;
import dev.bursar.registry.reputation.FeedbackSummary;
import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.registry.reputation.ReputationRegistryClient;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmSigner;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The discovery index on the devnet's anvil: agents registered through the guarded wallet with data: registration
 * files, rated by a trusted and an untrusted client, indexed from events, queried, restarted from the file store, and a
 * reorg that takes a registration away.
 */
@WithDevnet({Component.EVM})
class DiscoveryIT {

    private static final byte[] NO_HASH = new byte[32];
    private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    @TempDir
    Path dir;

    private Devnet devnet;
    private Web3j web3j;
    private Anvil anvil;
    private final List<Party> parties = new ArrayList<>();
    private Party owner;
    private Party trusted;
    private Party untrusted;

    @BeforeEach
    void setUp(Devnet devnet) {
        this.devnet = devnet;
        web3j = Web3j.build(new HttpService(devnet.evm().rpcUrl().toString()));
        anvil = new Anvil(devnet);
        owner = party("owner", 5);
        trusted = party("trusted-client", 6);
        untrusted = party("untrusted-client", 7);
    }

    @AfterEach
    void tearDown() {
        parties.forEach(Party::close);
        web3j.shutdown();
    }

    private Party party(String name, int account) {
        Party p = new Party(name, devnet, account, web3j, dir, List.of());
        parties.add(p);
        return p;
    }

    private EvmAddress identityAddress() {
        return EvmAddress.of(devnet.contracts().get("IdentityRegistry"));
    }

    private IdentityRegistryClient identity(Party as) {
        return new IdentityRegistryClient(web3j, identityAddress(), as.sender);
    }

    private ReputationRegistryClient reputation(Party as) {
        return new ReputationRegistryClient(web3j, EvmAddress.of(devnet.contracts().get("ReputationRegistry")), as.sender);
    }

    private String agentRegistry() {
        return "eip155:" + devnet.evm().chainId() + ":" + identityAddress().lowerCase();
    }

    private String dataUri(String name, BigInteger namedId, String skill, String price) {
        String json = """
                {"type": "https://eips.ethereum.org/EIPS/eip-8004#registration-v1",
                 "name": "%s", "description": "an agent on the devnet",
                 "services": [{"name": "A2A", "endpoint": "http://127.0.0.1:1/a2a", "version": "0.3.0",
                               "skills": ["%s"], "bursar:prices": {"%s": {"amount": "%s", "token": "%s"}}}],
                 "x402Support": true, "active": true,
                 "registrations": [{"agentId": %s, "agentRegistry": "%s"}]}
                """.formatted(name, skill, skill, price, TOKEN, namedId, agentRegistry());
        return "data:application/json;base64," + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Registers without a file (refused: ipfs), then points the agent at a file naming {@code named(id)}. */
    private BigInteger registerAgent(String name, String skill, String price, java.util.function.UnaryOperator<BigInteger> named) {
        IdentityRegistryClient registry = identity(owner);
        BigInteger id = registry.register("ipfs://pending");
        registry.setAgentUri(id, dataUri(name, named.apply(id), skill, price));
        return id;
    }

    private RegistryIndexer indexer(long start, Path store) {
        return RegistryIndexer.builder().web3j(web3j)
                .config(DiscoveryConfig.builder().chainId(devnet.evm().chainId()).identityRegistry(identityAddress())
                        .reputationRegistry(EvmAddress.of(devnet.contracts().get("ReputationRegistry")))
                        .trustReviewer(trusted.address()).startBlock(start).confirmations(0).maxBlockRange(3).reorgWindow(16).build())
                .resolver(AgentUriResolver.builder().build())
                .index(new AgentIndex())
                .store(new FileIndexStore(store))
                .build();
    }

    private long head() {
        return Numeric.toBigInt(anvil.rpc.call("eth_blockNumber").asText()).longValueExact();
    }

    @Test
    void indexesTrustedFilesRanksByTrustedRatingsSurvivesARestartAndFollowsAReorg() {
        long start = head() + 1;
        BigInteger a = registerAgent("Summariser A", "summarise", "500000", id -> id);
        BigInteger b = registerAgent("Summariser B", "summarise", "2000000", id -> id);
        BigInteger c = registerAgent("Impostor C", "summarise", "1", id -> b); // its file claims to be agent b

        ReputationRegistryClient byTrusted = reputation(trusted);
        byTrusted.giveFeedback(a, FeedbackValue.of(90, 0), "starred", "", "", "", NO_HASH);
        byTrusted.giveFeedback(b, FeedbackValue.of(60, 0), "starred", "", "", "", NO_HASH);
        long withdrawn = byTrusted.giveFeedback(b, FeedbackValue.of(1000, 2), "starred", "", "", "", NO_HASH);
        byTrusted.revokeFeedback(b, withdrawn);
        ReputationRegistryClient byUntrusted = reputation(untrusted);
        byUntrusted.giveFeedback(b, FeedbackValue.of(100, 0), "starred", "", "", "", NO_HASH);
        byUntrusted.giveFeedback(a, FeedbackValue.of(0, 0), "starred", "", "", "", NO_HASH);

        Path store = dir.resolve("index/discovery.json");
        RegistryIndexer indexer = indexer(start, store);
        assertThat(indexer.poll()).isEqualTo(head());
        AgentIndex index = indexer.index();

        assertThat(index.agents()).extracting(IndexedAgent::agentId).containsExactly(a, b);
        assertThat(indexer.rejections().get(c)).contains("does not name it");
        IndexedAgent agentA = index.get(a).orElseThrow();
        assertThat(agentA.owner()).isEqualTo(owner.address());
        assertThat(agentA.wallet()).as("paid at its owner until told otherwise").isEqualTo(owner.address());
        assertThat(agentA.skills()).containsExactly("summarise");
        assertThat(agentA.prices().get("summarise")).isEqualTo(new Price(BigInteger.valueOf(500_000), EvmAddress.of(TOKEN)));
        assertThat(index.reputation(a).average()).isEqualTo(FeedbackValue.of(90, 0));
        assertThat(index.reputation(b).count()).as("revoked and untrusted ratings do not count").isEqualTo(1);
        for (BigInteger agent : List.of(a, b)) {
            FeedbackSummary onChain = reputation(trusted).summary(agent, List.of(trusted.address()), "", "");
            assertThat(index.reputation(agent).count()).isEqualTo(onChain.count());
            assertThat(index.reputation(agent).average().toBigDecimal()).isEqualByComparingTo(onChain.mean().toBigDecimal());
        }

        assertThat(index.query("summarise", Optional.empty(), Optional.empty())).extracting(m -> m.agent().agentId())
                .containsExactly(a, b);
        assertThat(index.query("summarise", Optional.empty(), Optional.of(new BigDecimal("70"))))
                .extracting(m -> m.agent().agentId()).containsExactly(a);
        assertThat(index.query("summarise", Optional.of(new Price(BigInteger.valueOf(1_000_000), EvmAddress.of(TOKEN))), Optional.empty()))
                .extracting(m -> m.agent().agentId()).containsExactly(a);
        assertThat(index.query("translate", Optional.empty(), Optional.empty())).isEmpty();

        // the owner moves the agent's payments to another wallet (with that wallet's proof): the index follows
        EvmSigner payout = new EvmSigner(EvmKeys.fromPrivateKey(devnet.evm().accounts().get(8).privateKey()));
        IdentityRegistryClient registry = identity(owner);
        registry.setAgentWallet(registry.proveWallet(a, payout, Duration.ofMinutes(2)));
        indexer.poll();
        assertThat(index.get(a).orElseThrow().wallet()).isEqualTo(payout.address());

        // a restart: the file store brings the index back, and the indexer catches up from where it was
        RegistryIndexer restarted = indexer(start, store);
        assertThat(restarted.lastBlock()).isEqualTo(indexer.lastBlock());
        assertThat(restarted.index().agents()).extracting(IndexedAgent::agentId).containsExactly(a, b);
        assertThat(restarted.index().reputation(a).average()).isEqualTo(FeedbackValue.of(90, 0));
        BigInteger d = registerAgent("Translator D", "translate", "10", id -> id);
        restarted.poll();
        assertThat(restarted.index().query("translate", Optional.empty(), Optional.empty()))
                .extracting(m -> m.agent().agentId()).containsExactly(d);

        // a reorg of a few blocks that takes a registration away
        BigInteger e = d.add(BigInteger.ONE);
        String registerE = FunctionEncoder.encode(new Function("register", List.of(new Utf8String(dataUri("Ephemeral E", e, "translate",
                "10"))), List.of()));
        JsonNode receipt = anvil.receipt(anvil.sendRaw(devnet.evm().accounts().get(9).address(), identityAddress().lowerCase(), registerE));
        String registered = org.web3j.crypto.Hash.sha3String("Registered(uint256,string,address)");
        JsonNode log = java.util.stream.StreamSupport.stream(receipt.get("logs").spliterator(), false)
                .filter(l -> l.get("topics").get(0).asText().equalsIgnoreCase(registered)).findFirst().orElseThrow();
        assertThat(Numeric.toBigInt(log.get("topics").get(1).asText())).as("no other registration in between").isEqualTo(e);
        anvil.mine();
        anvil.mine();
        restarted.poll();
        assertThat(restarted.index().get(e)).isPresent();

        reorg(3); // E's block and the two empty ones after it; D's blocks stay
        restarted.poll();
        assertThat(restarted.reorgsHandled()).isEqualTo(1);
        assertThat(restarted.index().get(e)).as("the registration was reorganised away").isEmpty();
        assertThat(restarted.index().agents()).extracting(IndexedAgent::agentId).containsExactly(a, b, d);
        assertThat(restarted.lastBlock()).isEqualTo(head());
        List<AgentMatch> translators = restarted.index().query("translate", Optional.empty(), Optional.empty());
        assertThat(translators).extracting(m -> m.agent().agentId()).containsExactly(d);

        // a reorg while the indexer was down: its undo records are gone, so it indexes again from the start block
        BigInteger f = e;
        anvil.receipt(anvil.sendRaw(devnet.evm().accounts().get(9).address(), identityAddress().lowerCase(),
                FunctionEncoder.encode(new Function("register", List.of(new Utf8String(dataUri("Fleeting F", f, "translate", "10"))),
                        List.of()))));
        restarted.poll();
        assertThat(restarted.index().get(f)).isPresent();
        reorg(1);
        RegistryIndexer afterDowntime = indexer(start, store);
        assertThat(afterDowntime.index().get(f)).as("as stored before the reorg").isPresent();
        afterDowntime.poll();
        assertThat(afterDowntime.reorgsHandled()).isEqualTo(1);
        assertThat(afterDowntime.index().agents()).extracting(IndexedAgent::agentId).containsExactly(a, b, d);
        assertThat(afterDowntime.index().get(a).orElseThrow().wallet()).isEqualTo(payout.address());
        assertThat(afterDowntime.index().reputation(a).average()).isEqualTo(FeedbackValue.of(90, 0));
        assertThat(afterDowntime.rejections()).containsKey(c);
    }

    /** Replaces the last {@code depth} blocks with empty ones (anvil_reorg), dropping their transactions. */
    private void reorg(int depth) {
        long before = head();
        try {
            anvil.rpc.call("anvil_reorg", depth, List.of());
        } catch (DevnetException e) {
            throw new AssertionError("this anvil cannot reorg (" + e.getMessage() + ")", e);
        }
        assertThat(head()).isEqualTo(before);
    }
}
