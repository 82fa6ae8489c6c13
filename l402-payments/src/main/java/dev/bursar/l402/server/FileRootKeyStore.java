package dev.bursar.l402.server;

import dev.bursar.wallet.WalletException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RootKeyStore} in one file readable by its owner only ({@code <storage key hex> <root key hex>} per line),
 * rewritten atomically and fsynced on every change, so a restart keeps every sold token valid.
 */
public final class FileRootKeyStore implements RootKeyStore {

    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final Map<String, String> keys = new HashMap<>();

    public FileRootKeyStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    String[] parts = line.trim().split(" ");
                    if (parts.length == 2) {
                        keys.put(parts[0], parts[1]);
                    }
                }
            } catch (IOException e) {
                throw new WalletException("cannot read the L402 root key store " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void put(byte[] storageKey, byte[] rootKey) {
        keys.put(HEX.formatHex(storageKey), HEX.formatHex(rootKey));
        save();
    }

    @Override
    public synchronized Optional<byte[]> get(byte[] storageKey) {
        return Optional.ofNullable(keys.get(HEX.formatHex(storageKey))).map(HEX::parseHex);
    }

    @Override
    public synchronized boolean delete(byte[] storageKey) {
        boolean removed = keys.remove(HEX.formatHex(storageKey)) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    private void save() {
        StringBuilder b = new StringBuilder();
        keys.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WalletException("cannot write the L402 root key store " + file + ": " + e.getMessage(), e);
        }
    }
}
