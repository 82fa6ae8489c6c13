package dev.bursar.devnet.cli;

import dev.bursar.devnet.Component;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevnetCliOptionsTest {

    @Test
    void defaultsStartEverything() {
        DevnetCli.Options options = DevnetCli.Options.parse(List.of());
        assertThat(options.components()).containsExactlyInAnyOrder(Component.values());
        assertThat(options.chainId()).isEqualTo(31337);
        assertThat(options.detach()).isFalse();
    }

    @Test
    void parsesComponentsChainIdAndBlockTime() {
        DevnetCli.Options options = DevnetCli.Options.parse(List.of("--only", "evm, LIGHTNING", "--chain-id", "1337", "--block-time", "2", "--detach"));
        assertThat(options.components()).containsExactlyInAnyOrder(Component.EVM, Component.LIGHTNING);
        assertThat(options.chainId()).isEqualTo(1337);
        assertThat(options.blockTime()).isEqualTo(2);
        assertThat(options.detach()).isTrue();
    }

    @Test
    void rejectsBadInputClearly() {
        assertThatThrownBy(() -> DevnetCli.Options.parse(List.of("--only", "solana")))
                .hasMessageContaining("unknown component 'solana'");
        assertThatThrownBy(() -> DevnetCli.Options.parse(List.of("--chain-id", "-5")))
                .hasMessageContaining("--chain-id needs a non-negative whole number");
        assertThatThrownBy(() -> DevnetCli.Options.parse(List.of("--chain-id")))
                .hasMessageContaining("--chain-id needs a value");
        assertThatThrownBy(() -> DevnetCli.Options.parse(List.of("--frobnicate")))
                .hasMessageContaining("unknown option '--frobnicate'");
    }

    @Test
    void unknownCommandPrintsUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DevnetCli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)).run(List.of("sideways"));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("usage: bursar devnet up");
    }
}
