package dev.bursar.wallet.value;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvmAddressTest {

    @Test
    void acceptsAValidChecksumAndSingleCaseForms() {
        assertThat(EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").value())
                .isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(EvmAddress.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266").value())
                .isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(EvmAddress.of("0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266").value())
                .isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }

    @Test
    void refusesABadChecksumAndNamesTheRightOne() {
        assertThatThrownBy(() -> EvmAddress.of("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("EIP-55")
                .hasMessageContaining("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }

    @Test
    void refusesWrongLengthAndMissingPrefix() {
        assertThatThrownBy(() -> EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb9226"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("40 hex digits");
        assertThatThrownBy(() -> EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb922660"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EvmAddress.of("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EvmAddress.of(null)).isInstanceOf(InvalidInputException.class);
    }
}
