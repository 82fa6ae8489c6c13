package dev.bursar.examples.dao;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.process.PackagedRuntime;
import dev.bursar.ranking.NodeClient;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.SecretSource;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DAO agent inside the Bursar runtime: this module's jar, built by Maven, dropped into the plugins directory of the
 * packaged runtime (agent-runtime's quarkus-run.jar, a separate process) on the devnet. The agent's definition declares
 * its duty (castVoteWithReason on the Governor, delegate on the token) and grants the plugin {@code wallet:duty}. A
 * delegator chats with it: it delegates, votes on the three open proposals by its mandate, and answers "why did you vote
 * against 3?" with the stored reasoning and the simulation's evidence; the chain's tallies match. Its 550,000 votes are above
 * the 100,000 its owner lets it cast alone, so each vote waits until the owner approves it over REST. A second agent's
 * duty asks for approval of every call (its delegation is approved, its vote stays held), and a third runs on its
 * schedule alone: it delegates at its first run and votes on each new proposal within seconds, with no chat at all. The model is a remote one (Ollama's
 * documented /api/chat wire format replayed by WireMock on loopback, since no model server runs here) scripted to
 * call the tools; what the tools did is checked on anvil.
 */
@WithDevnet({Component.EVM})
class DaoInRuntimeIT {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private WireMockServer model;
    private PackagedRuntime runtime;
    private int step;

    @BeforeEach
    void startModel() {
        model = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        model.start();
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        model.stop();
    }

    @Test
    void aDelegatorChatsWithTheDaoAgentInTheRuntime(Devnet devnet) throws Exception {
        DevnetDao dao = DevnetDao.deploy(devnet);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path plugins = Files.createDirectories(data.resolve("plugins"));
        Path pluginJar = Path.of(System.getProperty("bursar.plugin.jar"));
        Path runtimeJar = Path.of(System.getProperty("bursar.runtime.jar"));
        assertThat(runtimeJar).as("the packaged runtime; build agent-runtime first (mvn -pl agent-runtime package)").exists();
        assertThat(pluginJar).as("this module's jar (mvn package)").exists();
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));
        EvmAddress voter = agent(devnet, dao, data, "delegate", 550_000, false, "approvalAboveVotes: \"100000\"", "");
        EvmAddress careful = agent(devnet, dao, data, "careful", 25_000, true, "", "");
        EvmAddress scheduled = agent(devnet, dao, data, "scheduled", 25_000, false, "approvalAboveVotes: \"30000\"", """
                schedule:
                  - tool: delegate_votes
                    every: PT1H
                  - tool: cast_vote
                    every: PT2S
                """);

        // the scripted model: each turn asks for one tool, then answers in words once the tool's result is back
        script(tool("delegate_votes", "{}"), text("Delegated."));
        script(tool("delegate_votes", "{}"), text("Waiting for approval."));
        script(tool("cast_vote", "{}"), text("I voted."));
        script(tool("vote_reasons", "{\"number\":3}"), text("Here is why."));
        script(tool("cast_vote", "{\"number\":1}"), text("Waiting for approval."));

        runtime = PackagedRuntime.start(runtimeJar, data, URI.create("http://127.0.0.1:" + model.port()), Map.of("bursar.schedule-tick", "1s"));
        JsonNode listing = runtime.get("/api/plugins");
        assertThat(listing.get("installed").findValuesAsText("id")).contains(DaoPlugin.ID);

        JsonNode delegated = toolEvent(runtime.chat("delegate", "Please delegate your voting power to yourself"), "delegate_votes");
        assertThat(delegated.get("result").asText()).startsWith("Delegated this agent's votes to itself in transaction 0x");
        Governance governance = new Governance(NodeClient.of(devnet.evm().rpcUrl()), dao.governor(), dao.token());
        assertThat(governance.delegateOf(voter)).isEqualTo(voter);

        JsonNode held = toolEvent(runtime.chat("careful", "Delegate your votes to yourself"), "delegate_votes");
        assertThat(held.get("result").asText()).startsWith("The delegation waits for a person's approval (journal entry ");
        JsonNode pending = runtime.get("/api/agents/careful/approvals");
        assertThat(pending).as("the duty asks for a person").hasSize(1);
        assertThat(pending.get(0).get("reason").asText()).contains("duty dao-votes");
        JsonNode decision = runtime.post("/api/agents/careful/approvals/" + pending.get(0).get("paymentId").asText() + "/approve", Map.of());
        assertThat(decision.get("status").asText()).as(decision.toString()).isEqualTo("SUCCEEDED");
        assertThat(governance.delegateOf(careful)).as("sent once the owner approved").isEqualTo(careful);

        awaitTrue("the scheduled agent delegated at its first run", () -> governance.delegateOf(scheduled).equals(scheduled));
        dao.mine(1);
        EvmAddress thief = EvmAddress.of("0x000000000000000000000000000000000000dEaD");
        dao.proposeTheUsualThree(EvmAddress.of("0x90F79bf6EB2c4f870365E785982E1f101E93b906"), thief);
        dao.mine(2);

        JsonNode votes = toolEvent(runtime.chat("delegate", "Vote on the open proposals"), "cast_vote");
        assertThat(votes.get("failed").asBoolean()).as(votes.toString()).isFalse();
        assertThat(votes.get("result").asText()).as("550,000 votes are above the owner's 100,000: each vote waits for a person")
                .contains("Vote FOR on #1 waits for a person's approval").contains("Vote FOR on #2 waits")
                .contains("Vote AGAINST on #3 waits");
        JsonNode cards = runtime.get("/api/agents/delegate/approvals");
        assertThat(cards).hasSize(3);
        for (JsonNode card : cards) {
            assertThat(card.get("reason").asText()).contains("this vote carries 550000 votes, above the 100000 the owner lets the agent"
                    + " cast without a person");
            JsonNode approved = runtime.post("/api/agents/delegate/approvals/" + card.get("paymentId").asText() + "/approve", Map.of());
            assertThat(approved.get("status").asText()).as(approved.toString()).isEqualTo("SUCCEEDED");
        }

        JsonNode why = toolEvent(runtime.chat("delegate", "Why did you vote against 3?"), "vote_reasons");
        assertThat(why.get("result").asText()).as("the stored reasoning names what the simulation showed, not the description")
                .startsWith("Voted AGAINST on #3 once a person approved it (journal entry ").contains("Routine treasury housekeeping")
                .contains("moves 100% of a treasury holding").contains(thief.value());

        JsonNode heldVote = toolEvent(runtime.chat("careful", "Vote on proposal 1"), "cast_vote");
        assertThat(heldVote.get("result").asText()).startsWith("Vote FOR on #1 waits for a person's approval");
        BigInteger first = governance.proposal(1).orElseThrow().id();
        assertThat(governance.hasVoted(first, careful)).isFalse();

        List<Proposal> proposals = governance.proposals();
        awaitTrue("the scheduled agent voted on the three proposals by itself",
                () -> proposals.stream().allMatch(p -> governance.hasVoted(p.id(), scheduled)));
        dao.mine(12);
        BigInteger weight = BigInteger.valueOf(575_000).multiply(DevnetDao.E18);
        assertThat(governance.state(proposals.get(0).id())).isEqualTo(ProposalState.SUCCEEDED);
        assertThat(governance.state(proposals.get(2).id())).isEqualTo(ProposalState.DEFEATED);
        assertThat(governance.tally(proposals.get(2).id())).as("the delegate's and the scheduled agent's votes counted")
                .isEqualTo(new Tally(weight, BigInteger.ZERO, BigInteger.ZERO));
        assertThat(governance.tally(proposals.get(0).id())).as("the careful agent's vote still waits for its owner")
                .isEqualTo(new Tally(BigInteger.ZERO, weight, BigInteger.ZERO));
        assertThat(dao.dusdOf(dao.treasury())).as("the simulations left the real treasury alone").isEqualTo(dao.treasuryDusd());
    }

    /**
     * Writes agent {@code id}'s definition with a fresh wallet holding {@code ddao} votes; its duty asks for approval when
     * {@code approval}; {@code setting} is one more plugin setting and {@code schedule} its schedule section, if any.
     */
    private static EvmAddress agent(Devnet devnet, DevnetDao dao, Path data, String id, long ddao, boolean approval, String setting,
                                    String schedule) throws Exception {
        Path wallet = Files.createDirectories(data.resolve("wallet-" + id));
        Files.writeString(wallet.resolve("password"), "dao-" + id + "-" + System.nanoTime());
        Path keystore = EvmKeys.createKeystore(wallet, SecretSource.file(wallet.resolve("password")));
        EvmAddress address = EvmKeys.fromKeystore(keystore, SecretSource.file(wallet.resolve("password"))).address();
        dao.fundAgent(address, ddao);
        Files.writeString(Files.createDirectories(data.resolve("agents")).resolve(id + ".yaml"), """
                id: %s
                name: DAO delegate %s
                owner: owner
                model: remote
                toolResultsAsAnswer: false
                plugins:
                  dao-governance: [example:dao:read, wallet:duty, contract:read]
                pluginSettings:
                  dao-governance:
                    governor: "%s"
                    token: "%s"
                    rpcUrl: "%s"
                    anvil: "%s"
                    journal: "%s"
                    %s
                duties:
                  dao-votes:
                    description: vote on the DAO's proposals by its mandate
                    approval: %s
                    calls:
                      "%s": ["0x7b3c71d3"]
                      "%s": ["0x5c19a95c"]
                wallets:
                  evm:
                    rpcUrl: %s
                    chainId: %d
                    keystore: %s
                    passwordFile: %s
                    tokens: ["%s"]
                policy:
                  maxPerTransaction: ["0.01 ETH"]
                %s""".formatted(id, id, dao.governor().value(), dao.token().value(), devnet.evm().rpcUrl(), devnet.npm().anvil(),
                data.resolve("votes-" + id + ".jsonl"), setting, approval, dao.governor().value(), dao.token().value(), devnet.evm().rpcUrl(),
                devnet.evm().chainId(), keystore, wallet.resolve("password"), dao.dusd().value(), schedule));
        return address;
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within 90 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** The next two model requests: the first answers with {@code toolCall}, the second (with the tool's result) in words. */
    private void script(String toolCall, String answer) {
        String asked = step == 0 ? Scenario.STARTED : "step-" + step;
        model.stubFor(WireMock.post(urlEqualTo("/api/chat")).inScenario("chat").whenScenarioStateIs(asked).willSetStateTo("step-" + (step + 1))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(toolCall)));
        model.stubFor(WireMock.post(urlEqualTo("/api/chat")).inScenario("chat").whenScenarioStateIs("step-" + (step + 1))
                .willSetStateTo("step-" + (step + 2))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(answer)));
        step += 2;
    }

    private static String tool(String name, String arguments) {
        return "{\"model\":\"m-1\",\"created_at\":\"2024-07-22T20:33:28Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"function\":{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}}]},"
                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":122,\"eval_count\":33}\n";
    }

    private static String text(String words) {
        return "{\"model\":\"m-1\",\"created_at\":\"2024-07-22T20:33:29Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"" + words + "\"},\"done\":false}\n"
                + "{\"model\":\"m-1\",\"created_at\":\"2024-07-22T20:33:29Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":140,\"eval_count\":6}\n";
    }

    private static JsonNode toolEvent(JsonNode reply, String tool) {
        List<JsonNode> tools = new ArrayList<>();
        reply.get("events").forEach(e -> {
            if ("tool".equals(e.path("type").asText())) {
                tools.add(e);
            }
        });
        assertThat(tools).as("one tool call in %s", reply).hasSize(1);
        assertThat(tools.getFirst().get("tool").asText()).isEqualTo(tool);
        return tools.getFirst();
    }
}
