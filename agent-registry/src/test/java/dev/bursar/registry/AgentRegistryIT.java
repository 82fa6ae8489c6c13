package dev.bursar.registry;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.registry.identity.AgentWalletProof;
import dev.bursar.registry.identity.IdentityRegistryClient;
import dev.bursar.registry.reputation.Feedback;
import dev.bursar.registry.reputation.FeedbackSummary;
import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.registry.reputation.ReputationRegistryClient;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmSigner;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ERC-8004 identity and reputation registries on the devnet's anvil, through the guarded wallet: registration,
 * agentURI and wallet updates with their proofs, and feedback that only clients (never the agent's owner) can give.
 */
@WithDevnet({Component.EVM})
class AgentRegistryIT {

    private static final byte[] NO_HASH = new byte[32];

    @TempDir
    Path dir;

    private Web3j web3j;
    private Anvil anvil;
    private Devnet devnet;
    private final List<Party> parties = new ArrayList<>();
    private Party owner;
    private Party client;
    private Party otherClient;
    private EvmSigner payoutWallet;

    @BeforeEach
    void setUp(Devnet devnet) {
        this.devnet = devnet;
        web3j = Web3j.build(new HttpService(devnet.evm().rpcUrl().toString()));
        anvil = new Anvil(devnet);
        owner = party("owner", 5);
        client = party("client", 6);
        otherClient = party("other-client", 7);
        payoutWallet = new EvmSigner(EvmKeys.fromPrivateKey(devnet.evm().accounts().get(8).privateKey()));
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

    private IdentityRegistryClient identity(Party as) {
        return new IdentityRegistryClient(web3j, EvmAddress.of(devnet.contracts().get("IdentityRegistry")), as.sender);
    }

    private ReputationRegistryClient reputation(Party as) {
        return new ReputationRegistryClient(web3j, EvmAddress.of(devnet.contracts().get("ReputationRegistry")), as.sender);
    }

    private static void assertRefused(Runnable call, String error) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ContractRevertedException.class,
                e -> assertThat(e.errorName()).as(e.getMessage()).isEqualTo(error));
    }

    @Test
    void registersAnAgentAndOnlyItsOwnerUpdatesIt() {
        BigInteger agent = identity(owner).register("https://agent.example/.well-known/agent-registration.json");
        assertThat(identity(client).ownerOf(agent)).isEqualTo(owner.address());
        assertThat(identity(client).agentUri(agent)).isEqualTo("https://agent.example/.well-known/agent-registration.json");
        assertThat(identity(client).agentWallet(agent)).as("paid at its owner until told otherwise").isEqualTo(owner.address());

        identity(owner).setAgentUri(agent, "ipfs://bafy-new-card");
        assertThat(identity(client).agentUri(agent)).isEqualTo("ipfs://bafy-new-card");
        assertRefused(() -> identity(client).setAgentUri(agent, "https://evil.example/card.json"), "NotAuthorized");
        assertRefused(() -> identity(client).agentUri(BigInteger.valueOf(999_999)), "ERC721NonexistentToken");
    }

    @Test
    void keepsMetadataButNeverLetsItSetTheWallet() {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("a2a.skills", "translate,summarize".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        entries.put("version", new byte[] {1});
        BigInteger agent = identity(owner).register("https://agent.example/card.json", entries);
        assertThat(identity(client).metadata(agent, "a2a.skills")).isEqualTo(entries.get("a2a.skills"));
        assertThat(identity(client).metadata(agent, "version")).containsExactly(1);

        identity(owner).setMetadata(agent, "version", new byte[] {2});
        assertThat(identity(client).metadata(agent, "version")).containsExactly(2);
        assertThat(identity(client).metadata(agent, "agentWallet")).isEqualTo(org.web3j.utils.Numeric.hexStringToByteArray(
                owner.address().lowerCase()));
        assertRefused(() -> identity(owner).setMetadata(agent, "agentWallet", new byte[20]), "ReservedMetadataKey");
        assertRefused(() -> identity(client).setMetadata(agent, "version", new byte[] {3}), "NotAuthorized");
        assertRefused(() -> identity(owner).register("https://agent.example/x.json",
                java.util.Map.of("agentWallet", new byte[20])), "ReservedMetadataKey");
    }

    @Test
    void setsThePaymentWalletOnlyWithTheNewWalletsFreshSignature() {
        IdentityRegistryClient registry = identity(owner);
        BigInteger agent = registry.register("https://agent.example/card.json");

        AgentWalletProof proof = registry.proveWallet(agent, payoutWallet, Duration.ofMinutes(2));
        registry.setAgentWallet(proof);
        assertThat(registry.agentWallet(agent)).isEqualTo(payoutWallet.address());

        BigInteger other = registry.register("https://agent.example/other.json");
        // signed by someone else than the wallet it names
        EvmSigner impostor = owner.signer;
        AgentWalletProof forged = registry.proveWallet(other, owner.address(), proof.deadline(), impostor);
        assertRefused(() -> registry.setAgentWallet(new AgentWalletProof(other, payoutWallet.address(), owner.address(),
                forged.deadline(), forged.signature())), "InvalidWalletSignature");
        // a real proof, replayed for another agent
        AgentWalletProof fresh = registry.proveWallet(agent, payoutWallet, Duration.ofMinutes(2));
        assertRefused(() -> registry.setAgentWallet(new AgentWalletProof(other, fresh.newWallet(), fresh.owner(), fresh.deadline(),
                fresh.signature())), "InvalidWalletSignature");
        // expired, and too far ahead
        long now = anvil.now();
        AgentWalletProof expired = registry.proveWallet(other, owner.address(), BigInteger.valueOf(now - 1), payoutWallet);
        assertRefused(() -> registry.setAgentWallet(expired), "WalletProofExpired");
        AgentWalletProof tooFar = registry.proveWallet(other, owner.address(), BigInteger.valueOf(now + 3600), payoutWallet);
        assertRefused(() -> registry.setAgentWallet(tooFar), "WalletProofDeadlineTooFar");
        // a valid proof, but sent by someone who does not own the agent
        AgentWalletProof valid = identity(client).proveWallet(other, payoutWallet, Duration.ofMinutes(2));
        assertRefused(() -> identity(client).setAgentWallet(valid), "NotAuthorized");
        assertThat(registry.agentWallet(other)).isEqualTo(owner.address());
        assertThatThrownBy(() -> registry.proveWallet(other, payoutWallet, Duration.ofMinutes(10)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theWalletIsClearedWhenTheAgentChangesHands() {
        BigInteger agent = identity(owner).register("https://agent.example/card.json");
        String transfer = FunctionEncoder.encode(new Function("transferFrom", List.of(new Address(owner.address().lowerCase()),
                new Address(client.address().lowerCase()), new Uint256(agent)), List.of()));
        assertThat(anvil.receipt(anvil.sendRaw(owner.account.address(), devnet.contracts().get("IdentityRegistry"), transfer))
                .get("status").asText()).isEqualTo("0x1");
        assertThat(identity(client).ownerOf(agent)).isEqualTo(client.address());
        assertThat(identity(client).agentWallet(agent).value()).isEqualTo("0x0000000000000000000000000000000000000000");
    }

    @Test
    void clientsRateAnAgentButItsOwnerCannot() {
        BigInteger agent = identity(owner).register("https://agent.example/card.json");
        long first = reputation(client).giveFeedback(agent, FeedbackValue.of(87, 0), "starred", "", "https://agent.example/a2a",
                "ipfs://feedback-1", NO_HASH);
        long second = reputation(client).giveFeedback(agent, FeedbackValue.of(90, 0), "starred", "", "", "", NO_HASH);
        reputation(otherClient).giveFeedback(agent, FeedbackValue.of(9977, 2), "uptime", "", "", "", NO_HASH);
        assertThat(List.of(first, second)).containsExactly(1L, 2L);

        Feedback read = reputation(owner).readFeedback(agent, client.address(), 1);
        assertThat(read.value()).isEqualTo(FeedbackValue.of(87, 0));
        assertThat(read.tag1()).isEqualTo("starred");
        assertThat(read.revoked()).isFalse();

        FeedbackSummary starred = reputation(owner).summary(agent, List.of(client.address(), otherClient.address()), "starred", "");
        assertThat(starred.count()).isEqualTo(2);
        assertThat(starred.mean()).isEqualTo(FeedbackValue.of(88, 0)); // 88.5 truncated
        FeedbackSummary uptime = reputation(owner).summary(agent, List.of(otherClient.address()), "uptime", "");
        assertThat(uptime.mean().toBigDecimal()).isEqualByComparingTo("99.77");

        reputation(client).revokeFeedback(agent, 1);
        assertThat(reputation(owner).summary(agent, List.of(client.address()), "starred", "").count()).isEqualTo(1);
        assertRefused(() -> reputation(client).revokeFeedback(agent, 1), "FeedbackAlreadyRevoked");

        assertRefused(() -> reputation(owner).giveFeedback(agent, FeedbackValue.of(100, 0), "starred", "", "", "", NO_HASH),
                "SelfFeedbackNotAllowed");
        assertRefused(() -> reputation(client).giveFeedback(BigInteger.valueOf(999_999), FeedbackValue.of(1, 0), "", "", "", "",
                NO_HASH), "AgentNotFound");
        assertThatThrownBy(() -> reputation(owner).summary(agent, List.of(), "", "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Sybil");
    }

    @Test
    void aSummaryOfExtremeValuesDropsDecimalsRatherThanOverflow() {
        BigInteger agent = identity(owner).register("https://agent.example/card.json");
        reputation(client).giveFeedback(agent, new FeedbackValue(BigInteger.TEN.pow(38), 0), "revenues", "", "", "", NO_HASH);
        reputation(client).giveFeedback(agent, FeedbackValue.of(1, 18), "revenues", "", "", "", NO_HASH);
        // the mean, 5e37 + 5e-19, does not fit int128 at 18 decimals: it comes back at 0 decimals, truncated
        FeedbackSummary summary = reputation(owner).summary(agent, List.of(client.address()), "revenues", "");
        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.mean()).isEqualTo(new FeedbackValue(BigInteger.TEN.pow(37).multiply(BigInteger.valueOf(5)), 0));
        assertThatThrownBy(() -> reputation(client).giveFeedback(agent, FeedbackValue.of(1, 18), "revenues", "", "", "", new byte[31]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("32 bytes");
    }
}
