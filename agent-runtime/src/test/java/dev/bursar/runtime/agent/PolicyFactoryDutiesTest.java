package dev.bursar.runtime.agent;

import dev.bursar.tools.OwnerDuties;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An agent definition's {@code duties}: read into the owner's duties, and a bad one is an error naming the field. */
class PolicyFactoryDutiesTest {

    private static final String GOVERNOR = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    @Test
    void aDutyIsReadWithItsContractsAndSelectors() {
        List<OwnerDuties.Duty> duties = PolicyFactory.duties("dao", Map.of("dao-votes", new AgentDefinition.Duty("vote by the mandate",
                Map.of(GOVERNOR, List.of("0x7B3C71D3")), Optional.empty())));
        assertThat(duties).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("dao-votes");
            assertThat(d.calls()).containsEntry(EvmAddress.of(GOVERNOR), List.of("0x7b3c71d3"));
        });
    }

    @Test
    void aBadSelectorAddressOrDescriptionNamesTheAgentAndTheDuty() {
        assertThatThrownBy(() -> PolicyFactory.duties("dao", Map.of("dao-votes", new AgentDefinition.Duty("vote",
                Map.of(GOVERNOR, List.of("castVoteWithReason")), Optional.empty()))))
                .isInstanceOf(AgentDefinitionException.class).hasMessageContaining("agent dao: field 'duties.dao-votes'")
                .hasMessageContaining("not a function selector");
        assertThatThrownBy(() -> PolicyFactory.duties("dao", Map.of("dao-votes", new AgentDefinition.Duty("vote",
                Map.of("0x1234", List.of("0x7b3c71d3")), Optional.empty()))))
                .isInstanceOf(AgentDefinitionException.class).hasMessageContaining("field 'duties.dao-votes'");
        assertThatThrownBy(() -> PolicyFactory.duties("dao", Map.of("dao-votes", new AgentDefinition.Duty(" ",
                Map.of(GOVERNOR, List.of("0x7b3c71d3")), Optional.empty()))))
                .isInstanceOf(AgentDefinitionException.class).hasMessageContaining("needs a description");
        assertThatThrownBy(() -> PolicyFactory.duties("dao", Map.of("dao-votes", new AgentDefinition.Duty("vote",
                Map.of(GOVERNOR, List.of("0xa9059cbb")), Optional.empty()))))
                .as("an ERC-20 transfer is never a value-neutral duty").isInstanceOf(AgentDefinitionException.class)
                .hasMessageContaining("moves tokens");
        java.util.Map<String, AgentDefinition.Duty> empty = new java.util.HashMap<>();
        empty.put("dao-votes", null);
        assertThatThrownBy(() -> PolicyFactory.duties("dao", empty)).isInstanceOf(AgentDefinitionException.class)
                .hasMessageContaining("needs a description and calls");
        assertThatThrownBy(() -> PolicyFactory.duties("dao", Map.of("Dao Votes", new AgentDefinition.Duty("vote",
                Map.of(GOVERNOR, List.of("0x7b3c71d3")), Optional.empty()))))
                .isInstanceOf(AgentDefinitionException.class).hasMessageContaining("lower case");
    }
}
