package dev.bursar.wallet.evm;

import dev.bursar.wallet.WalletKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EvmKeysTest {

    private static final String TEST_MNEMONIC = "test test test test test test test test test test test junk";

    @TempDir
    Path tmp;

    @Test
    void mnemonicDerivesBip44Accounts() throws IOException {
        Path file = Files.writeString(tmp.resolve("mnemonic"), TEST_MNEMONIC + "\n");
        assertThat(EvmKeys.fromMnemonic(SecretSource.file(file), 0).address().value())
                .isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(EvmKeys.fromMnemonic(SecretSource.file(file), 1).address().value())
                .isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    }

    @Test
    void invalidMnemonicIsAKeyErrorWithoutTheWords() {
        assertThatThrownBy(() -> EvmKeys.fromMnemonicWords("test test test test test test test test test test test test", "", 0))
                .isInstanceOf(WalletKeyException.class)
                .hasMessageContaining("BIP-39")
                .hasMessageNotContaining("test test");
    }

    @Test
    void keystoreRoundTripsWithThePasswordFromTheEnvironment() {
        Map<String, String> env = Map.of("BURSAR_KEYSTORE_PASSWORD", "correct horse battery staple");
        SecretSource password = SecretSource.env("BURSAR_KEYSTORE_PASSWORD", env::get);
        Path keystore = EvmKeys.createKeystore(tmp, password, false);

        EvmKeys first = EvmKeys.fromKeystore(keystore, password);
        EvmKeys second = EvmKeys.fromKeystore(keystore, password);

        assertThat(first.address()).isEqualTo(second.address());
        assertThat(first.publicKey()).isEqualTo(second.publicKey());
        assertThat(first.toString()).isEqualTo("EvmKeys[" + first.address() + "]");
    }

    @Test
    void wrongPasswordIsAKeyErrorThatDoesNotEchoThePassword() throws IOException {
        Path good = Files.writeString(tmp.resolve("pw"), "right-password");
        Path keystore = EvmKeys.createKeystore(tmp.resolve("ks"), SecretSource.file(good), false);
        Path bad = Files.writeString(tmp.resolve("bad"), "wrong-password-xyz");

        assertThatThrownBy(() -> EvmKeys.fromKeystore(keystore, SecretSource.file(bad)))
                .isInstanceOf(WalletKeyException.class)
                .hasMessageContaining("wrong password")
                .hasMessageNotContaining("wrong-password-xyz")
                .hasMessageNotContaining("right-password");
    }

    @Test
    void missingEnvironmentVariableSaysWhichOne() {
        SecretSource password = SecretSource.env("BURSAR_NOT_SET", name -> null);
        assertThatThrownBy(() -> EvmKeys.fromKeystore(tmp.resolve("none.json"), password))
                .isInstanceOf(WalletKeyException.class).hasMessageContaining("does not exist");
        Path keystore = EvmKeys.createKeystore(tmp, SecretSource.env("X", n -> "pw"), false);
        assertThatThrownBy(() -> EvmKeys.fromKeystore(keystore, password))
                .isInstanceOf(WalletKeyException.class).hasMessageContaining("BURSAR_NOT_SET is not set");
    }

    @Test
    void aKeystoreIsReadableAndWritableByItsOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file permissions");
        Path directory = tmp.resolve("new").resolve("keys");
        SecretSource password = SecretSource.env("X", n -> "pw");

        Path keystore = EvmKeys.createKeystore(directory, password, false);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(keystore.getFileName().toString()).startsWith("UTC--").endsWith(".json")
                .contains(EvmKeys.fromKeystore(keystore, password).address().value().substring(2).toLowerCase(java.util.Locale.ROOT));
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(keystore); // no temporary file left behind
        }
    }

    @Test
    void aKeystoreInAnExistingSharedDirectoryIsStillOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file permissions");
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path keystore = EvmKeys.createKeystore(shared, SecretSource.env("X", n -> "pw"), false);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-xr-x"); // left alone
    }

    @Test
    void privateKeyNeverAppearsInToString() {
        String key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
        EvmKeys keys = EvmKeys.fromPrivateKey("0x" + key);
        assertThat(keys.address().value()).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(keys.toString()).doesNotContain(key);
    }
}
