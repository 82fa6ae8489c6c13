package dev.bursar.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractErrorTest {

    @Test
    void computesTheSelectorAndNameFromTheSignature() {
        // Error(string), Solidity's revert-string wrapper: 0x08c379a0
        assertThat(new ContractError("Error(string)", "-").selector()).isEqualTo("0x08c379a0");
        assertThat(new ContractError("NotProvider(uint256,address)", "-").name()).isEqualTo("NotProvider");
    }

    @Test
    void refusesWhatIsNotASignature() {
        assertThatThrownBy(() -> new ContractError("not a signature", "-")).isInstanceOf(IllegalArgumentException.class);
    }
}
