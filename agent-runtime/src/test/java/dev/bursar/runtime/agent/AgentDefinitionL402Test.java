package dev.bursar.runtime.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code l402} block of an agent definition: read strictly, and required together with a Lightning wallet by the plugin. */
class AgentDefinitionL402Test {

    private static final String LIGHTNING = """
            wallets:
              lightning: {host: 127.0.0.1, port: 10009, tlsCert: tls.cert, macaroon: admin.macaroon, network: regtest}
            """;

    private final AgentDefinitionParser parser = new AgentDefinitionParser();

    private static String agent(String wallets, String plugins, String l402) {
        return "id: buyer\nname: Buyer\nowner: demo\nmodel: local\n" + wallets
                + "policy: {maxPerTransaction: ['50 sat']}\n" + plugins + l402;
    }

    private AgentDefinition parse(String l402) {
        return parser.parse(agent(LIGHTNING, "plugins: {l402: ['net:paid-fetch']}\n", l402), "agents/buyer.yaml");
    }

    @Test
    void readsTheL402Block() {
        AgentDefinition d = parse("""
                l402: {maxPriceSats: 100, allowedHosts: [api.example.com, 127.0.0.1, "[::1]"], hostBudgetSats: 1000, hostBudgetWindow: PT1H}
                """);
        AgentDefinition.L402 l = d.l402().orElseThrow();
        assertThat(l.maxPriceSats()).isEqualTo(100L);
        assertThat(l.allowedHosts()).containsExactly("api.example.com", "127.0.0.1", "[::1]");
        assertThat(l.hostBudgetSats()).contains(1000L);
        assertThat(l.hostBudgetWindow()).contains(Duration.ofHours(1));

        AgentDefinition minimal = parse("l402: {maxPriceSats: 5, allowedHosts: [API.Example.com]}\n");
        assertThat(minimal.l402().orElseThrow().hostBudgetSats()).isEmpty();
        assertThat(parser.parse(parser.toYaml(d), "round trip").l402()).isEqualTo(d.l402());
    }

    @Test
    void anAgentWithoutTheBlockHasNone() {
        AgentDefinition d = parser.parse(agent(LIGHTNING, "", ""), "agents/buyer.yaml");
        assertThat(d.l402()).isEmpty();
        assertThat(parser.toYaml(d)).doesNotContain("l402");
    }

    @Test
    void brokenValuesNameTheFileAndTheField() {
        List.of(
                new String[]{"l402: {maxPriceSats: 0, allowedHosts: [a.com]}", "agents/buyer.yaml: field 'l402.maxPriceSats'"},
                new String[]{"l402: {allowedHosts: [a.com]}", "field 'l402.maxPriceSats' is required"},
                new String[]{"l402: {maxPriceSats: 1.5, allowedHosts: [a.com]}", "field 'l402.maxPriceSats'"},
                new String[]{"l402: {maxPriceSats: lots, allowedHosts: [a.com]}", "field 'l402.maxPriceSats'"},
                new String[]{"l402: {maxPriceSats: 10}", "field 'l402.allowedHosts' is required"},
                new String[]{"l402: {maxPriceSats: 10, allowedHosts: []}", "field 'l402.allowedHosts' is required"},
                new String[]{"l402: {maxPriceSats: 10, allowedHosts: [a.com, 'https://b.com/x']}", "field 'l402.allowedHosts[1]': 'https://b.com/x' is not a host name"},
                new String[]{"l402: {maxPriceSats: 10, allowedHosts: ['a.com:8080']}", "field 'l402.allowedHosts[0]'"},
                new String[]{"l402: {maxPriceSats: 10, allowedHosts: [a.com], hostBudgetSats: -1}", "field 'l402.hostBudgetSats' must be at least 1"},
                new String[]{"l402: {maxPriceSats: 10, allowedHosts: [a.com], hostBudgetWindow: PT1H}", "field 'l402.hostBudgetWindow' needs l402.hostBudgetSats"},
                new String[]{"l402: {maxPriceSats: 10, allowedHosts: [a.com], hostBudgetSats: 5, hostBudgetWindow: PT0S}", "must be a positive duration"},
                new String[]{"l402: {maxPriceSats: 10, allowedHosts: [a.com], hostBudgetSats: 5, hostBudgetWindow: hourly}", "field 'l402.hostBudgetWindow'"},
                new String[]{"l402: {maxPriceSats: 10, allowedHosts: [a.com], budget: 5}", "field 'l402.budget'"},
                new String[]{"", "field 'l402' is required by the l402 plugin"}
        ).forEach(c -> assertThatThrownBy(() -> parse(c[0] + "\n")).as(c[0])
                .isInstanceOf(AgentDefinitionException.class).hasMessageContaining(c[1]));
    }

    @Test
    void theL402PluginNeedsALightningWallet() {
        String evmOnly = "wallets:\n  evm: {rpcUrl: 'http://127.0.0.1:8545', chainId: 31337, keystore: k.json, passwordFile: p.txt}\n";
        assertThatThrownBy(() -> parser.parse(agent(evmOnly, "plugins: {l402: ['net:paid-fetch']}\n",
                "l402: {maxPriceSats: 10, allowedHosts: [a.com]}\n"), "agents/buyer.yaml"))
                .isInstanceOf(AgentDefinitionException.class)
                .hasMessageContaining("agents/buyer.yaml: field 'plugins.l402': the l402 plugin pays with Lightning");
    }

    @Test
    void anEvmOnlyAgentPaysX402WithoutASatPrice() {
        String evmOnly = "wallets:\n  evm: {rpcUrl: 'http://127.0.0.1:8545', chainId: 31337, keystore: k.json, passwordFile: p.txt}\n";
        AgentDefinition d = parser.parse(agent(evmOnly, "plugins: {l402: ['net:paid-fetch']}\n",
                "l402: {allowedHosts: [api.example.com], x402: {maxPrice: ['0.05 dUSDC'], preferred: true,"
                        + " payees: {api.example.com: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'}}}\n"), "agents/buyer.yaml");
        AgentDefinition.X402 x = d.l402().orElseThrow().x402().orElseThrow();
        assertThat(x.maxPrice()).containsExactly("0.05 dUSDC");
        assertThat(x.preferred()).contains(true);
        assertThat(parser.parse(parser.toYaml(d), "round trip").l402()).isEqualTo(d.l402());

        List.of(
                new String[]{"l402: {allowedHosts: [a.com], x402: {maxPrice: []}}", "field 'l402.x402.maxPrice' is required"},
                new String[]{"l402: {allowedHosts: [a.com], x402: {maxPrice: ['1 dUSDC'], payees: {a.com: '0x1234'}}}", "field 'l402.x402.payees.a.com'"},
                new String[]{"l402: {allowedHosts: [a.com], x402: {maxPrice: ['1 dUSDC'], payees: {'https://a.com': '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'}}}",
                        "'https://a.com' is not a host name"}
        ).forEach(c -> assertThatThrownBy(() -> parser.parse(agent(evmOnly, "", c[0] + "\n"), "agents/buyer.yaml")).as(c[0])
                .isInstanceOf(AgentDefinitionException.class).hasMessageContaining(c[1]));
        assertThatThrownBy(() -> parse("l402: {maxPriceSats: 10, allowedHosts: [a.com], x402: {maxPrice: ['1 dUSDC']}}\n"))
                .as("x402 signs with the EVM wallet").isInstanceOf(AgentDefinitionException.class)
                .hasMessageContaining("field 'l402.x402': x402 pays from the EVM wallet");
    }

    @Test
    void aBrokenFileIsNamedAtBoot(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("buyer.yaml");
        Files.writeString(file, agent(LIGHTNING, "", "l402: {maxPriceSats: 10, allowedHosts: ['*']}\n"));
        assertThatThrownBy(() -> parser.parse(file)).isInstanceOf(AgentDefinitionException.class)
                .hasMessageContaining(file + ": field 'l402.allowedHosts[0]'");
    }
}
