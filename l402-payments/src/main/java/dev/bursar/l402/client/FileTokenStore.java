package dev.bursar.l402.client;

import dev.bursar.l402.header.L402Authorization;
import dev.bursar.wallet.WalletException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A {@link TokenStore} in a properties file readable by its owner only ({@code scope = L402 header value}, {@code blocked:scope = reason}, {@code held:scope = payment id and macaroon}), written
 * atomically on each change. Tokens are bearer credentials: the file is the agent's to protect.
 */
public final class FileTokenStore implements TokenStore {

    /** Keys of blocked scopes; a scope itself starts with its URL scheme, so the two never meet. */
    private static final String BLOCKED = "blocked:";
    /** Keys of held purchases. */
    private static final String HELD = "held:";

    private final Path file;
    private final Properties tokens = new Properties();

    public FileTokenStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                tokens.load(in);
            } catch (IOException e) {
                throw new WalletException("cannot read the L402 token store " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized Optional<L402Authorization> get(String scope) {
        return Optional.ofNullable(tokens.getProperty(scope)).map(v -> L402Authorization.fromHeaders(List.of(v)));
    }

    @Override
    public synchronized void put(String scope, L402Authorization token) {
        tokens.setProperty(scope, token.headerValue());
        save();
    }

    @Override
    public synchronized void remove(String scope) {
        if (tokens.remove(scope) != null) {
            save();
        }
    }

    @Override
    public synchronized void block(String scope, String reason) {
        tokens.setProperty(BLOCKED + scope, reason);
        save();
    }

    @Override
    public synchronized Optional<String> blocked(String scope) {
        return Optional.ofNullable(tokens.getProperty(BLOCKED + scope));
    }

    @Override
    public synchronized java.util.Map<String, String> blocks() {
        java.util.Map<String, String> blocks = new java.util.TreeMap<>();
        for (String key : tokens.stringPropertyNames()) {
            if (key.startsWith(BLOCKED)) {
                blocks.put(key.substring(BLOCKED.length()), tokens.getProperty(key));
            }
        }
        return blocks;
    }

    @Override
    public synchronized boolean unblock(String scope) {
        boolean was = tokens.remove(BLOCKED + scope) != null;
        if (was) {
            save();
        }
        return was;
    }

    @Override
    public synchronized void hold(String scope, HeldPurchase purchase) {
        tokens.setProperty(HELD + scope, purchase.encode());
        save();
    }

    @Override
    public synchronized Optional<HeldPurchase> held(String scope) {
        return Optional.ofNullable(tokens.getProperty(HELD + scope)).map(HeldPurchase::decode);
    }

    @Override
    public synchronized void release(String scope) {
        if (tokens.remove(HELD + scope) != null) {
            save();
        }
    }

    private void save() {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                tokens.store(out, "Bursar L402 tokens (bearer credentials)");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WalletException("cannot write the L402 token store " + file + ": " + e.getMessage(), e);
        }
    }
}
