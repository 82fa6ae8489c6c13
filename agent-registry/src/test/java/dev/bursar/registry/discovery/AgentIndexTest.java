package dev.bursar.registry.discovery;

import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentIndexTest {

    static final EvmAddress OWNER = EvmAddress.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    static final EvmAddress REVIEWER = EvmAddress.of("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    static final EvmAddress TOKEN = EvmAddress.of(RegistrationFileTest.TOKEN);
    static final EvmAddress OTHER_TOKEN = EvmAddress.of(RegistrationFileTest.REGISTRY);

    @TempDir
    Path dir;

    static IndexedAgent agent(long id, String name, String skill, long price, boolean active) {
        String json = """
                {"type": "https://eips.ethereum.org/EIPS/eip-8004#registration-v1", "name": "%s", "description": "an agent",
                 "services": [{"name": "A2A", "endpoint": "https://a.example/", "skills": ["%s"],
                               "bursar:prices": {"%s": {"amount": "%d", "token": "%s"}}}],
                 "active": %s, "registrations": [{"agentId": %d, "agentRegistry": "eip155:1:%s"}]}
                """.formatted(name, skill, skill, price, TOKEN, active, id, RegistrationFileTest.REGISTRY);
        return new IndexedAgent(BigInteger.valueOf(id), OWNER, "data:...", OWNER, RegistrationFile.parse(json), json, 10);
    }

    static TrustedFeedback rating(long agent, long index, long value, int decimals) {
        return new TrustedFeedback(BigInteger.valueOf(agent), REVIEWER, index, FeedbackValue.of(value, decimals), false);
    }

    private static List<Long> ids(List<AgentMatch> matches) {
        return matches.stream().map(m -> m.agent().agentId().longValueExact()).toList();
    }

    private static AgentIndex sample() {
        AgentIndex index = new AgentIndex();
        index.clear(0);
        index.put(1, agent(1, "Cheap summariser", "summarise", 100, true));
        index.put(1, agent(2, "Good summariser", "summarise-legal", 900, true));
        index.put(1, agent(3, "Translator", "translate", 10, true));
        index.put(1, agent(4, "Retired summariser", "summarise", 1, false));
        index.putFeedback(2, rating(1, 1, 40, 0));
        index.putFeedback(2, rating(2, 1, 95, 0));
        return index;
    }

    @Test
    void ranksByTextMatchThenReputationAndLeavesOutInactiveAgents() {
        AgentIndex index = sample();
        assertThat(ids(index.query("summarise", Optional.empty(), Optional.empty()))).containsExactly(2L, 1L);
        assertThat(ids(index.query("legal summarise", Optional.empty(), Optional.empty()))).containsExactly(2L, 1L);
        assertThat(ids(index.query("TRANSLATE", Optional.empty(), Optional.empty()))).containsExactly(3L);
        assertThat(ids(index.query("", Optional.empty(), Optional.empty()))).containsExactly(2L, 1L, 3L);
        assertThat(ids(index.query("juggling", Optional.empty(), Optional.empty()))).isEmpty();
    }

    @Test
    void filtersByPriceInTheSameTokenAndByMinimumReputation() {
        AgentIndex index = sample();
        assertThat(ids(index.query("summarise", Optional.of(new Price(BigInteger.valueOf(500), TOKEN)), Optional.empty())))
                .containsExactly(1L);
        assertThat(ids(index.query("summarise", Optional.of(new Price(BigInteger.valueOf(10_000), OTHER_TOKEN)), Optional.empty())))
                .as("a price in another token never matches").isEmpty();
        assertThat(ids(index.query("summarise", Optional.empty(), Optional.of(new BigDecimal("50"))))).containsExactly(2L);
        assertThat(ids(index.query("translate", Optional.empty(), Optional.of(BigDecimal.ZERO)))).as("unrated").isEmpty();
    }

    @Test
    void summarisesReputationAsTheRegistryDoesAndLeavesOutRevokedRatings() {
        AgentIndex index = sample();
        index.putFeedback(3, rating(1, 2, 4550, 2)); // 45.50
        index.putFeedback(3, rating(1, 3, 1, 0));
        assertThat(index.reputation(BigInteger.ONE)).isEqualTo(new ReputationSummary(3, FeedbackValue.of(2883, 2))); // 86.5/3
        index.putFeedback(4, rating(1, 3, 1, 0).revoke());
        assertThat(index.reputation(BigInteger.ONE)).isEqualTo(new ReputationSummary(2, FeedbackValue.of(4275, 2)));
        assertThat(index.reputation(BigInteger.TEN)).isEqualTo(ReputationSummary.NONE);
        assertThat(ReputationSummary.of(List.of(rating(1, 1, -7, 0), rating(1, 2, 0, 0))).average()).isEqualTo(FeedbackValue.of(-3, 0));
    }

    @Test
    void rollsBackChangesAfterAForkAndRefusesToRollBackPastItsJournal() {
        AgentIndex index = sample();
        index.put(5, agent(1, "Renamed", "summarise", 100, true));
        index.remove(6, BigInteger.valueOf(3));
        index.putFeedback(6, rating(2, 1, 95, 0).revoke());
        assertThat(index.rollbackAfter(4)).isTrue();
        assertThat(index.get(BigInteger.ONE).orElseThrow().file().name()).isEqualTo("Cheap summariser");
        assertThat(index.get(BigInteger.valueOf(3))).isPresent();
        assertThat(index.reputation(BigInteger.TWO).count()).isEqualTo(1);
        assertThat(index.rollbackAfter(1)).isTrue();
        assertThat(index.size()).isEqualTo(4);
        assertThat(index.reputation(BigInteger.TWO).count()).isZero();
        assertThat(index.rollbackAfter(0)).isTrue();
        assertThat(index.size()).isZero();

        AgentIndex forgetful = sample();
        forgetful.forgetUpTo(1);
        assertThat(forgetful.rollbackAfter(0)).isFalse();
        assertThat(forgetful.size()).as("nothing undone").isEqualTo(4);
        assertThat(forgetful.rollbackAfter(1)).isTrue();
        assertThat(forgetful.size()).isEqualTo(4);
    }

    @Test
    void survivesARoundTripThroughTheFileStore() throws Exception {
        AgentIndex index = sample();
        FileIndexStore store = new FileIndexStore(dir.resolve("sub/index.json"));
        assertThat(store.load()).isEmpty();
        store.save(index.snapshot(42, List.of(new BlockRef(41, "0xAB"), new BlockRef(42, "0xcd"))));
        store.save(index.snapshot(42, List.of(new BlockRef(41, "0xAB"), new BlockRef(42, "0xcd"))));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
        IndexSnapshot loaded = store.load().orElseThrow();
        assertThat(loaded.lastBlock()).isEqualTo(42);
        assertThat(loaded.recentBlocks()).containsExactly(new BlockRef(41, "0xab"), new BlockRef(42, "0xcd"));
        AgentIndex restored = new AgentIndex();
        restored.restore(loaded);
        assertThat(restored.agents()).isEqualTo(index.agents());
        assertThat(restored.reputation(BigInteger.TWO)).isEqualTo(index.reputation(BigInteger.TWO));
        assertThat(restored.rollbackAfter(41)).as("what came before the snapshot cannot be undone").isFalse();
    }

    @Test
    void refusesADamagedStoreWithAnActionableMessage() throws Exception {
        Path file = dir.resolve("index.json");
        Files.writeString(file, "{\"format\": 1, \"agents\": [{\"agentId\": \"1\"}]");
        assertThatThrownBy(() -> new FileIndexStore(file).load()).isInstanceOf(IndexStoreException.class)
                .hasMessageContaining("damaged").hasMessageContaining("delete it");
        Files.writeString(file, "{\"format\": 99}");
        assertThatThrownBy(() -> new FileIndexStore(file).load()).isInstanceOf(IndexStoreException.class).hasMessageContaining("format");
    }
}
