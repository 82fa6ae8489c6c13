package dev.bursar.wallet.evm;

import dev.bursar.wallet.WalletKeyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where a secret (a keystore password, a mnemonic) is read from when it is needed: a file or an environment variable,
 * never a literal. Its {@link #toString()} names the source, never the secret.
 */
public final class SecretSource {

    private final String description;
    private final Reader reader;

    @FunctionalInterface
    private interface Reader {
        String read();
    }

    private SecretSource(String description, Reader reader) {
        this.description = description;
        this.reader = reader;
    }

    /** The secret is the content of {@code file}, without a trailing line break. */
    public static SecretSource file(Path file) {
        Objects.requireNonNull(file, "file");
        return new SecretSource("file " + file, () -> {
            try {
                return stripLineEnd(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new WalletKeyException("cannot read the secret file " + file + ": " + e.getClass().getSimpleName()
                        + "; check that it exists and is readable by this process");
            }
        });
    }

    /** The secret is the value of the environment variable {@code name}. */
    public static SecretSource env(String name) {
        return env(name, System::getenv);
    }

    static SecretSource env(String name, UnaryOperator<String> environment) {
        if (name == null || name.isBlank()) {
            throw new WalletKeyException("an environment variable name is required");
        }
        return new SecretSource("environment variable " + name, () -> {
            String value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                throw new WalletKeyException("environment variable " + name + " is not set; export it before starting the wallet");
            }
            return value;
        });
    }

    /** Reads the secret now; callers keep it only as long as they need it. */
    String reveal() {
        return reader.read();
    }

    private static String stripLineEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return description;
    }
}
