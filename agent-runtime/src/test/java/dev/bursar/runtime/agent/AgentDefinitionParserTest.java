package dev.bursar.runtime.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy's contractSafety section: optional, defaults from contract-ranking, strict like the rest of the file. */
class AgentDefinitionParserTest {

    private static final String FILE = "agents/shop.yaml";

    private final AgentDefinitionParser parser = new AgentDefinitionParser();

    private static String agent(String wallets, String policyExtra) {
        return """
                id: shop
                name: Shop agent
                owner: alice
                model: local
                wallets:
                %s
                policy:
                  maxPerTransaction: ["0.1 ETH"]
                %s
                """.formatted(wallets.indent(2).stripTrailing(), policyExtra.indent(2).stripTrailing());
    }

    private static String evmAgent(String policyExtra) {
        return agent("""
                evm:
                  rpcUrl: http://127.0.0.1:8545
                  chainId: 31337
                  keystore: /keys/k.json
                  passwordFile: /keys/k.password""", policyExtra);
    }

    @Test
    void contractSafetyIsOptional() {
        assertThat(parser.parse(evmAgent(""), FILE).policy().contractSafety()).isEmpty();
    }

    @Test
    void thresholdsAreReadAndDefaultToTheRankingsVerdictLines() {
        var cs = parser.parse(evmAgent("contractSafety: {blockBelow: 40, warnBelow: 70}"), FILE).policy().contractSafety().orElseThrow();
        assertThat(cs.blockBelowOrDefault()).isEqualTo(40);
        assertThat(cs.warnBelowOrDefault()).isEqualTo(70);
        var defaults = parser.parse(evmAgent("contractSafety: {}"), FILE).policy().contractSafety().orElseThrow();
        assertThat(defaults.blockBelowOrDefault()).isEqualTo(50);
        assertThat(defaults.warnBelowOrDefault()).isEqualTo(75);
    }

    @Test
    void itSurvivesAWriteAndReadAsYaml() {
        AgentDefinition d = parser.parse(evmAgent("contractSafety: {blockBelow: 40}"), FILE);
        AgentDefinition again = parser.parse(parser.toYaml(d), "stored");
        assertThat(again.policy().contractSafety()).isEqualTo(d.policy().contractSafety());
        assertThat(parser.toYaml(d)).contains("blockBelow: 40").doesNotContain("warnBelow");
    }

    @Test
    void brokenSectionsNameTheFileAndTheField() {
        assertThatThrownBy(() -> parser.parse(evmAgent("contractSafety: {blockBelw: 40}"), FILE))
                .isInstanceOf(AgentDefinitionException.class).hasMessageStartingWith(FILE + ": field 'policy.contractSafety.blockBelw'");
        assertThatThrownBy(() -> parser.parse(evmAgent("contractSafety: {blockBelow: high}"), FILE))
                .isInstanceOf(AgentDefinitionException.class).hasMessageStartingWith(FILE + ": field 'policy.contractSafety.blockBelow'");
        assertThatThrownBy(() -> parser.parse(evmAgent("contractSafety: 40"), FILE))
                .isInstanceOf(AgentDefinitionException.class).hasMessageStartingWith(FILE + ": field 'policy.contractSafety'");
        assertThatThrownBy(() -> parser.parse(evmAgent("contractSafety: {blockBelow: 120}"), FILE))
                .isInstanceOf(AgentDefinitionException.class)
                .hasMessage(FILE + ": field 'policy.contractSafety.blockBelow' must be a score from 0 to 100, got 120");
        assertThatThrownBy(() -> parser.parse(evmAgent("contractSafety: {warnBelow: -1}"), FILE))
                .isInstanceOf(AgentDefinitionException.class).hasMessageContaining("'policy.contractSafety.warnBelow' must be a score");
        assertThatThrownBy(() -> parser.parse(evmAgent("contractSafety: {blockBelow: 80, warnBelow: 70}"), FILE))
                .isInstanceOf(AgentDefinitionException.class)
                .hasMessage(FILE + ": field 'policy.contractSafety': blockBelow (80) must not exceed warnBelow (70)");
    }

    @Test
    void contractSafetyWithoutAnEvmWalletIsRefused() {
        String lightningOnly = agent("""
                lightning: {host: 127.0.0.1, port: 10009, tlsCert: /lnd/tls.cert, macaroon: /lnd/m.macaroon, network: regtest}""",
                "contractSafety: {}").replace("0.1 ETH", "1000 sat");
        assertThatThrownBy(() -> parser.parse(lightningOnly, FILE))
                .isInstanceOf(AgentDefinitionException.class).hasMessageContaining(FILE + ": field 'policy.contractSafety'")
                .hasMessageContaining("no wallets.evm");
    }
}
