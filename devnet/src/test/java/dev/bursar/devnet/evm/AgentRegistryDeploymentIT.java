package dev.bursar.devnet.evm;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code devnet up} deploys the agent registry contracts after everything else, from their own deployer: each has code
 * at an address that never changes, the reputation registry is bound to the identity registry, and the contracts
 * deployed before them kept their addresses.
 */
@WithDevnet({Component.EVM})
class AgentRegistryDeploymentIT {

    @Test
    void deploysTheRegistryContractsAtFixedAddresses(Devnet devnet) {
        Map<String, String> contracts = devnet.contracts();
        // CREATE addresses of DevContracts.AGENT_REGISTRY_DEPLOYER at nonces 0, 1, 2
        assertThat(contracts.get("IdentityRegistry")).isEqualToIgnoringCase("0x9542b6064594be54e68367c3a17b2824aa5edb61");
        assertThat(contracts.get("ReputationRegistry")).isEqualToIgnoringCase("0xc230a56ec8148af5b6217e6bea05451dc59e2590");
        assertThat(contracts.get("JobEscrow")).isEqualToIgnoringCase("0x84b89c9d7d01460917a0d9669765e903f081f28f");
        assertThat(contracts.get("DevToken")).as("earlier addresses stay put")
                .isEqualToIgnoringCase("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        EthJsonRpc rpc = devnet.evm().rpc();
        for (String name : new String[] {"IdentityRegistry", "ReputationRegistry", "JobEscrow"}) {
            assertThat(rpc.call("eth_getCode", contracts.get(name), "latest").asText()).as(name).hasSizeGreaterThan(1000);
        }
        // getIdentityRegistry()
        String bound = rpc.call("eth_call", Map.of("to", contracts.get("ReputationRegistry"), "data", "0xbc4d861b"), "latest").asText();
        assertThat(bound).endsWithIgnoringCase(contracts.get("IdentityRegistry").substring(2));
        assertThat(devnet.endpoints().evm().contracts()).containsKeys("IdentityRegistry", "ReputationRegistry", "JobEscrow");
    }
}
