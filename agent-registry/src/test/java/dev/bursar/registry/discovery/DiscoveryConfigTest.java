package dev.bursar.registry.discovery;

import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscoveryConfigTest {

    private static final EvmAddress IDENTITY = EvmAddress.of(RegistrationFileTest.REGISTRY);
    private static final EvmAddress REPUTATION = EvmAddress.of(RegistrationFileTest.TOKEN);

    @Test
    void needsChainAndBothRegistriesAndDefaultsToNoNetworkInParticular() {
        assertThatThrownBy(() -> DiscoveryConfig.builder().identityRegistry(IDENTITY).reputationRegistry(REPUTATION).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chainId");
        DiscoveryConfig config = DiscoveryConfig.builder().chainId(8453).identityRegistry(IDENTITY).reputationRegistry(REPUTATION)
                .trustReviewer(REPUTATION).build();
        assertThat(config.registry().agentRegistry()).isEqualTo("eip155:8453:" + IDENTITY.value());
        assertThat(config.startBlock()).isZero();
        assertThat(config.confirmations()).isEqualTo(2);
        assertThat(config.trustedReviewers()).containsExactly(REPUTATION);
        assertThatThrownBy(() -> DiscoveryConfig.builder().maxBlockRange(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoveryConfig.builder().startBlock(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRegistryRefMatchesItsCaip10NameInAnyCase() {
        RegistryRef ref = new RegistryRef(31337, IDENTITY);
        assertThat(ref.matches("eip155:31337:" + IDENTITY.lowerCase())).isTrue();
        assertThat(ref.matches(" EIP155:31337:" + IDENTITY.value().toUpperCase().replace("0X", "0x") + " ")).isTrue();
        assertThat(ref.matches("eip155:1:" + IDENTITY.lowerCase())).isFalse();
        assertThat(ref.matches("eip155:31337:" + REPUTATION.lowerCase())).isFalse();
        assertThat(ref.matches(null)).isFalse();
    }
}
