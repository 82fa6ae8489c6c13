package dev.bursar.registry.discovery;

import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationFileTest {

    static final String REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    static final String TOKEN = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

    static String file(String services, String registrations) {
        return """
                {"type": "https://eips.ethereum.org/EIPS/eip-8004#registration-v1", "name": "Summariser",
                 "description": "summarises long texts", "image": "https://example.org/a.png",
                 "services": %s, "x402Support": true, "active": true, "registrations": %s,
                 "supportedTrust": ["reputation"]}
                """.formatted(services, registrations);
    }

    static final String SERVICES = """
            [{"name": "web", "endpoint": "https://agent.example/"},
             {"name": "A2A", "endpoint": "https://agent.example/.well-known/agent-card.json", "version": "0.3.0",
              "skills": ["summarise", {"id": "translate", "name": "translate"}],
              "bursar:prices": {"summarise": {"amount": "500000", "token": "%s"}}}]""".formatted(TOKEN);
    static final String REGISTRATIONS = "[{\"agentId\": 7, \"agentRegistry\": \"eip155:31337:" + REGISTRY.toLowerCase() + "\"}]";

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> RegistrationFile.parse(json)).isInstanceOf(RegistrationFileException.class).hasMessageContaining(message);
    }

    @Test
    void parsesAFileWithServicesSkillsPricesAndRegistrations() {
        RegistrationFile file = RegistrationFile.parse(file(SERVICES, REGISTRATIONS));
        assertThat(file.name()).isEqualTo("Summariser");
        assertThat(file.x402Support()).isTrue();
        assertThat(file.active()).isTrue();
        assertThat(file.services()).extracting(RegistrationFile.Service::name).containsExactly("web", "A2A");
        assertThat(file.services().get(1).version()).isEqualTo("0.3.0");
        assertThat(file.services().get(0).version()).isEmpty();
        assertThat(file.skills()).containsExactly("summarise", "translate");
        assertThat(file.prices()).containsEntry("summarise", new Price(BigInteger.valueOf(500_000), EvmAddress.of(TOKEN)));
        assertThat(file.supportedTrust()).containsExactly("reputation");
        assertThat(file.registrations()).containsExactly(new RegistrationFile.Registration(BigInteger.valueOf(7),
                "eip155:31337:" + REGISTRY.toLowerCase()));
    }

    @Test
    void namesOnlyItsOwnAgentInItsOwnRegistryComparingAddressesCaseInsensitively() {
        RegistrationFile file = RegistrationFile.parse(file(SERVICES, REGISTRATIONS));
        RegistryRef registry = new RegistryRef(31337, EvmAddress.of(REGISTRY));
        assertThat(file.names(BigInteger.valueOf(7), registry)).isTrue();
        assertThat(file.names(BigInteger.valueOf(8), registry)).isFalse();
        assertThat(file.names(BigInteger.valueOf(7), new RegistryRef(1, EvmAddress.of(REGISTRY)))).isFalse();
        assertThat(file.names(BigInteger.valueOf(7), new RegistryRef(31337, EvmAddress.of(TOKEN)))).isFalse();
    }

    @Test
    void acceptsAgentIdsAsDecimalStringsAndDefaultsActiveToTrue() {
        RegistrationFile file = RegistrationFile.parse("""
                {"type": "https://eips.ethereum.org/EIPS/eip-8004#registration-v1", "name": "n", "services": [],
                 "registrations": [{"agentId": "12", "agentRegistry": "eip155:1:%s"}]}""".formatted(REGISTRY));
        assertThat(file.active()).isTrue();
        assertThat(file.x402Support()).isFalse();
        assertThat(file.registrations().get(0).agentId()).isEqualTo(12);
    }

    @Test
    void refusesMalformedFiles() {
        refused("not json", "not valid JSON");
        refused("[]", "must be a JSON object");
        refused("{\"a\":1} {\"b\":2}", "not valid JSON");
        refused(file(SERVICES, REGISTRATIONS).replace("registration-v1", "registration-v9"), "expected 'https://eips");
        refused(file(SERVICES, REGISTRATIONS).replace("\"name\": \"Summariser\",", ""), "lacks 'name'");
        refused(file(SERVICES, REGISTRATIONS).replace("\"name\": \"Summariser\",", "\"name\": \"Summariser\", \"name\": \"X\","),
                "not valid JSON");
        refused(file(SERVICES, REGISTRATIONS).replace("\"active\": true", "\"active\": \"yes\""), "'active' must be true or false");
        refused(file("{}", REGISTRATIONS), "'services' array");
        refused(file("[{\"name\": \"web\"}]", REGISTRATIONS), "lacks 'services[0].endpoint'");
        refused(file(SERVICES, "[]"), "non-empty 'registrations'");
        refused(file(SERVICES, "[{\"agentId\": -1, \"agentRegistry\": \"eip155:1:" + REGISTRY + "\"}]"), "non-negative integer");
        refused(file(SERVICES, "[{\"agentId\": 1.5, \"agentRegistry\": \"eip155:1:" + REGISTRY + "\"}]"), "non-negative integer");
        refused(file(SERVICES, "[{\"agentId\": 1, \"agentRegistry\": \"" + REGISTRY + "\"}]"), "expected eip155:<chainId>:<0x address>");
        refused(file(SERVICES, "[{\"agentId\": 1, \"agentRegistry\": \"eip155:1:0x12\"}]"), "expected eip155");
    }

    @Test
    void refusesPricesThatAreNotIntegerBaseUnitsOfAValidTokenForAListedSkill() {
        refused(file(SERVICES.replace("\"500000\"", "\"0.5\""), REGISTRATIONS), "integer amount in the token's base units");
        refused(file(SERVICES.replace("\"500000\"", "500000"), REGISTRATIONS), "must be a string");
        refused(file(SERVICES.replace("\"500000\"", "\"-5\""), REGISTRATIONS), "base units");
        refused(file(SERVICES.replace("\"500000\"", "\"0.5 dUSD\""), REGISTRATIONS), "base units");
        refused(file(SERVICES.replace(TOKEN, "0xE7f1725E7734CE288F8367e1Bb143E90bb3F0512"), REGISTRATIONS), "EIP-55");
        refused(file(SERVICES.replace("{\"summarise\": {", "{\"juggle\": {"), REGISTRATIONS), "does not list in 'skills'");
        refused(file(SERVICES.replace("\"skills\": [\"summarise\",", "\"skills\": [42,"), REGISTRATIONS), "a skill is a name");
    }
}
