package dev.bursar.tools.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.ranking.ContractRanking;
import dev.bursar.ranking.ContractScanner;
import dev.bursar.ranking.NodeClient;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolGate;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * check_contract through the ToolGate-built executor (JSON arguments in), on the devnet's anvil: the devnet's dUSD
 * token and an owner-mintable fixture compiled from src/test/solidity.
 */
@WithDevnet({Component.EVM})
class ContractPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractRanking ranking;

    @BeforeEach
    void ranking(Devnet devnet) {
        ranking = new ContractRanking(ContractScanner.builder(NodeClient.of(devnet.evm().rpcUrl())).build(), devnet.evm().chainId());
    }

    @AfterEach
    void close() {
        ranking.close();
    }

    private Map<ToolSpecification, ToolExecutor> tools(Set<Permission> granted, Optional<ContractRanking> contracts) {
        return new ToolGate("agent-1", Map.of(ContractPlugin.ID, granted), List.of())
                .executors(List.of(new ContractPlugin()), new AgentContext("agent-1", null, List.of(), Optional.empty(), contracts));
    }

    private static String call(Map<ToolSpecification, ToolExecutor> tools, String args) {
        ToolSpecification spec = tools.keySet().stream().filter(s -> s.name().equals("check_contract")).findFirst().orElseThrow();
        return tools.get(spec).execute(ToolExecutionRequest.builder().id("c1").name("check_contract").arguments(args).build(), "conv-1");
    }

    private JsonNode check(String address) throws IOException {
        String out = call(tools(Set.of(Permission.CONTRACT_READ), Optional.of(ranking)), "{\"address\":\"" + address + "\"}");
        assertThat(out).doesNotStartWith("error:");
        return JSON.readTree(out);
    }

    @Test
    void devnetDollarIsAllowedWithAPlainSummary(Devnet devnet) throws IOException {
        String dusd = devnet.contracts().get("DevToken");
        JsonNode r = check(dusd);
        assertThat(r.get("verdict").asText()).isEqualTo("ALLOW");
        assertThat(r.get("score").asInt()).isGreaterThanOrEqualTo(75);
        assertThat(r.get("address").asText()).isEqualToIgnoringCase(dusd);
        assertThat(r.get("chain_id").asLong()).isEqualTo(devnet.evm().chainId());
        assertThat(r.get("findings").findValuesAsText("code")).doesNotContain("OWNER_MINT", "OWNER_SETS_BALANCES", "NO_CODE_AT_TARGET");
        assertThat(r.get("summary").asText()).contains("looks safe to transact with").contains("/100, ALLOW").contains("confidence");
    }

    @Test
    void ownerMintableTokenWarnsWithTheFindingAndItsEvidence(Devnet devnet) throws IOException {
        String token = deploy(devnet, "MintableByOwner");
        JsonNode r = check(token);
        assertThat(r.get("verdict").asText()).isIn("WARN", "BLOCK");
        assertThat(r.get("score").asInt()).isLessThan(75);
        JsonNode mint = findOf(r, "OWNER_MINT");
        assertThat(mint.get("penalty").asInt()).isPositive();
        assertThat(mint.get("evidence").asText()).isNotBlank();
        assertThat(r.get("summary").asText()).contains("is risky").contains("OWNER_MINT (" + mint.get("evidence").asText());
    }

    @Test
    void aRepeatedCheckIsServedFromTheRankingsCache(Devnet devnet) throws IOException {
        String dusd = devnet.contracts().get("DevToken");
        JsonNode first = check(dusd);
        JsonNode second = check(dusd);
        assertThat(second).isEqualTo(first);
        assertThat(ranking.stats().hitCount()).isEqualTo(1);
    }

    @Test
    void aMalformedAddressIsAClearErrorAndScansNothing() {
        var tools = tools(Set.of(Permission.CONTRACT_READ), Optional.of(ranking));
        assertThat(call(tools, "{\"address\":\"0x1234\"}")).startsWith("error:").contains("'address' must be 42 characters long");
        assertThat(call(tools, "{\"address\":\"0xZZbDB2315678afecb367f032d93F642f64180aa3\"}")).startsWith("error:")
                .contains("does not have the expected form");
        assertThat(call(tools, "{\"address\":\"0x5FbDB2315678afecb367f032d93F642f64180aA4\"}")).startsWith("error:").contains("checksum");
        assertThat(call(tools, "{}")).startsWith("error:").contains("'address' is required");
        assertThat(ranking.cachedReports()).isZero();
        assertThat(ranking.stats().missCount()).isZero();
    }

    @Test
    void withoutContractReadTheToolIsHiddenAndWithoutAChainItSaysWhy(Devnet devnet) {
        assertThat(tools(Set.of(Permission.WALLET_READ), Optional.of(ranking))).isEmpty();
        String out = call(tools(Set.of(Permission.CONTRACT_READ), Optional.empty()),
                "{\"address\":\"" + devnet.contracts().get("DevToken") + "\"}");
        assertThat(out).startsWith("error:").contains("no EVM chain");
    }

    private static JsonNode findOf(JsonNode report, String code) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("code").asText().equals(code)) {
                return f;
            }
        }
        throw new AssertionError("no " + code + " finding in " + report);
    }

    /** Deploys a fixture compiled into test-classes/solidity from the first dev account. */
    static String deploy(Devnet devnet, String contract) throws IOException {
        String bytecode;
        try (InputStream in = ContractPluginIT.class.getResourceAsStream("/solidity/" + contract + ".json")) {
            if (in == null) {
                throw new IllegalStateException("fixture " + contract + " is not compiled; run mvn process-test-classes");
            }
            bytecode = JSON.readTree(in).get("bytecode").asText();
        }
        String from = devnet.evm().accounts().get(0).address();
        String hash = devnet.evm().rpc().call("eth_sendTransaction", Map.of("from", from, "data", bytecode)).asText();
        JsonNode receipt = devnet.evm().rpc().awaitReceipt(hash, Duration.ofSeconds(30));
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        return receipt.get("contractAddress").asText();
    }
}
