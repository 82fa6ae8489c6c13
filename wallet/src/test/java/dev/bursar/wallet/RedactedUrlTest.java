package dev.bursar.wallet;

import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactedUrlTest {

    @Test
    void keepsOnlySchemeHostAndPort() {
        assertThat(RedactedUrl.of("https://eth-mainnet.example.com/v2/SECRETKEY123")).isEqualTo("https://eth-mainnet.example.com");
        assertThat(RedactedUrl.of("http://user:SECRET@127.0.0.1:8545/?apikey=SECRET")).isEqualTo("http://127.0.0.1:8545");
        assertThat(RedactedUrl.of("not a url SECRET")).isEqualTo("<unparseable URL>");
        assertThat(RedactedUrl.of(null)).isEqualTo("<no URL>");
    }

    @Test
    void anUnreachableHostedNodeIsNamedWithoutItsKey() {
        // nothing listens on port 9 of loopback: the wallet gives up, and its message must not carry the path's key
        assertThatThrownBy(() -> EvmWallet.builder().rpcUrl("http://127.0.0.1:9/v3/SECRETKEY123").chainId(1)
                .keys(EvmKeys.fromPrivateKey("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"))
                .build())
                .isInstanceOf(PeerUnavailableException.class)
                .hasMessageContaining("http://127.0.0.1:9")
                .hasMessageNotContaining("SECRETKEY123");
    }
}
