package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.wallet.WalletKeyException;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One EVM signing key, loaded from an encrypted keystore (V3), a BIP-39 mnemonic at {@code m/44'/60'/0'/0/i}, or a
 * development private key. Only its address is public: the key never leaves this package and never appears in
 * {@link #toString()}, logs or exception messages.
 */
public final class EvmKeys {

    private static final int HARDENED = Bip32ECKeyPair.HARDENED_BIT;
    private static final Pattern PRIVATE_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
    private static final ObjectMapper KEYSTORE_JSON = new ObjectMapper();
    private static final DateTimeFormatter KEYSTORE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.nVV");

    private final Credentials credentials;
    private final EvmAddress address;

    private EvmKeys(Credentials credentials) {
        this.credentials = credentials;
        this.address = EvmAddress.of(credentials.getAddress());
    }

    /** Decrypts a keystore V3 file with the password read from {@code password}. */
    public static EvmKeys fromKeystore(Path keystore, SecretSource password) {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        if (!Files.isRegularFile(keystore)) {
            throw new WalletKeyException("keystore " + keystore + " does not exist or is not a file");
        }
        try {
            return new EvmKeys(WalletUtils.loadCredentials(password.reveal(), keystore.toFile()));
        } catch (CipherException e) {
            throw new WalletKeyException("cannot decrypt keystore " + keystore + ": wrong password (read from " + password
                    + ") or a damaged file");
        } catch (IOException | RuntimeException e) {
            if (e instanceof WalletKeyException wke) {
                throw wke;
            }
            throw new WalletKeyException("keystore " + keystore + " is not a readable V3 keystore (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Derives account {@code index} at {@code m/44'/60'/0'/0/index} from the BIP-39 mnemonic read from {@code mnemonic}. */
    public static EvmKeys fromMnemonic(SecretSource mnemonic, int index) {
        Objects.requireNonNull(mnemonic, "mnemonic");
        return fromMnemonicWords(mnemonic.reveal(), "", index);
    }

    /**
     * Derives account {@code index} at {@code m/44'/60'/0'/0/index} from mnemonic words given in code, with an optional
     * BIP-39 passphrase ("" for none). Meant for development and tests; production mnemonics come from a {@link SecretSource}.
     */
    public static EvmKeys fromMnemonicWords(String words, String passphrase, int index) {
        if (index < 0) {
            throw new WalletKeyException("account index must be 0 or more, got " + index);
        }
        String normalized = words == null ? "" : String.join(" ", words.trim().toLowerCase(Locale.ROOT).split("\\s+"));
        if (!MnemonicUtils.validateMnemonic(normalized)) {
            throw new WalletKeyException("the mnemonic is not a valid BIP-39 English phrase (wrong word or checksum)");
        }
        byte[] seed = MnemonicUtils.generateSeed(normalized, passphrase == null ? "" : passphrase);
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        Bip32ECKeyPair child = Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | HARDENED, 60 | HARDENED, HARDENED, 0, index});
        return new EvmKeys(Credentials.create(child));
    }

    /** A raw 32-byte private key in hex. For anvil's public development accounts and tests only. */
    public static EvmKeys fromPrivateKey(String hex) {
        if (hex == null || !PRIVATE_KEY.matcher(hex.trim()).matches()) {
            throw new WalletKeyException("a private key must be 32 bytes of hex (64 digits, optional 0x)");
        }
        return new EvmKeys(Credentials.create(hex.trim()));
    }

    /**
     * Generates a new key and writes it to a new keystore V3 file in {@code directory}, encrypted with the standard
     * (full) scrypt parameters and the password read from {@code password}. The file is created readable and writable
     * by its owner only (POSIX mode 0600, set as the file is created), and a directory created for it is 0700.
     *
     * @return the keystore file written
     */
    public static Path createKeystore(Path directory, SecretSource password) {
        return createKeystore(directory, password, true);
    }

    static Path createKeystore(Path directory, SecretSource password, boolean fullScrypt) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(password, "password");
        try {
            OwnerOnlyFiles.createDirectories(directory);
            ECKeyPair pair = Keys.createEcKeyPair();
            WalletFile wallet = fullScrypt ? Wallet.createStandard(password.reveal(), pair) : Wallet.createLight(password.reveal(), pair);
            Path file = directory.resolve(keystoreFileName(wallet));
            OwnerOnlyFiles.writeNew(file, KEYSTORE_JSON.writeValueAsBytes(wallet));
            return file;
        } catch (GeneralSecurityException | CipherException e) {
            throw new WalletKeyException("cannot create a key: " + e.getClass().getSimpleName());
        } catch (IOException e) {
            throw new WalletKeyException("cannot write a keystore in " + directory + ": " + e.getClass().getSimpleName() + " "
                    + e.getMessage() + "; check that the directory is writable");
        }
    }

    /** The conventional keystore name (as geth and web3j write it): {@code UTC--<time>--<address>.json}. */
    private static String keystoreFileName(WalletFile wallet) {
        return "UTC--" + KEYSTORE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "--" + wallet.getAddress() + ".json";
    }

    /** The account address (EIP-55). */
    public EvmAddress address() {
        return address;
    }

    Credentials credentials() {
        return credentials;
    }

    ECKeyPair keyPair() {
        return credentials.getEcKeyPair();
    }

    /** Public-key fingerprint for equality checks in tests; reveals nothing about the private key. */
    BigInteger publicKey() {
        return credentials.getEcKeyPair().getPublicKey();
    }

    @Override
    public String toString() {
        return "EvmKeys[" + address + "]";
    }
}
