package dev.bursar.devnet.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstallTest {

    @TempDir
    Path dir;

    @Test
    void sha256MatchesAKnownVector() throws Exception {
        Path file = Files.writeString(dir.resolve("abc"), "abc");
        assertThat(FileDigest.sha256(file)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aDamagedFileFailsVerificationWithBothHashes() throws Exception {
        Path file = Files.writeString(dir.resolve("half-written.gguf"), "GGU");
        assertThatThrownBy(() -> FileDigest.verify(file, "00".repeat(32), "the model"))
                .isInstanceOf(InstallException.class)
                .hasMessageContaining("the model")
                .hasMessageContaining(FileDigest.sha256(file))
                .hasMessageContaining("delete it and run again");
    }

    @Test
    void aFailedCommandNamesItselfItsExitCodeAndItsOutput() {
        CommandRunner runner = new CommandRunner(new PrintStream(new ByteArrayOutputStream()), Duration.ofSeconds(5));
        assertThatThrownBy(() -> runner.run("fetching pkg", List.of("sh", "-c", "echo 404 from registry npm >&2; exit 7"),
                dir, Map.of(), dir.resolve("log.txt"), Duration.ofSeconds(30)))
                .isInstanceOf(InstallException.class)
                .hasMessageContaining("fetching pkg failed with exit code 7")
                .hasMessageContaining("404 from registry npm")
                .hasMessageContaining("log.txt");
    }

    @Test
    void aMissingToolIsNamed() {
        CommandRunner runner = new CommandRunner(new PrintStream(new ByteArrayOutputStream()));
        assertThatThrownBy(() -> runner.run("building lnd", List.of("no-such-go-toolchain", "build"),
                dir, Map.of(), dir.resolve("log.txt"), Duration.ofSeconds(30)))
                .isInstanceOf(InstallException.class)
                .hasMessageContaining("no-such-go-toolchain")
                .hasMessageContaining("installed and on PATH");
    }
}
