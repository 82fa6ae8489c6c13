package dev.bursar.l402.server;

import dev.bursar.wallet.WalletException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RootKeyStore} in one append-only file readable by its owner only: each change is one fsynced line
 * ({@code K} a new key with its expiries, {@code U} first paid use, {@code D} deletion, {@code R} a revocation
 * with its end), and the file is rewritten
 * atomically, with only live keys, once dead lines outnumber them. A restart keeps every sold token valid.
 */
public final class FileRootKeyStore implements RootKeyStore {

    private static final HexFormat HEX = HexFormat.of();
    private static final int COMPACT_MIN_LINES = 1024;

    private final Path file;
    private final Map<String, Entry> keys = new HashMap<>();
    /** Revoked tokens by storage key, each with the epoch second its revocation may be forgotten (0: never). */
    private final Map<String, Long> revoked = new HashMap<>();
    private int lines;

    private static final class Entry {
        final String rootKey;
        final long unusedUntil;
        final long validUntil;
        boolean used;

        Entry(String rootKey, long unusedUntil, long validUntil, boolean used) {
            this.rootKey = rootKey;
            this.unusedUntil = unusedUntil;
            this.validUntil = validUntil;
            this.used = used;
        }

        String line(String storageKey) {
            return "K " + storageKey + " " + rootKey + " " + unusedUntil + " " + validUntil + "\n" + (used ? "U " + storageKey + "\n" : "");
        }

        boolean prunable(long now) {
            return (!used && now >= unusedUntil) || (validUntil > 0 && now >= validUntil);
        }
    }

    public FileRootKeyStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    replay(line.trim().split(" "));
                    lines++;
                }
                if (endsTorn(file)) {
                    rewrite(); // a crash mid-append left half a line: the next append must not be glued onto it
                }
            } catch (IOException e) {
                throw new WalletException("cannot read the L402 root key store " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean endsTorn(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) != '\n';
        }
    }

    private void replay(String[] parts) {
        switch (parts.length) {
            case 5 -> {
                if (parts[0].equals("K")) {
                    keys.put(parts[1], new Entry(parts[2], Long.parseLong(parts[3]), Long.parseLong(parts[4]), false));
                }
            }
            case 3 -> {
                if (parts[0].equals("R")) {
                    revoked.put(parts[1], Long.parseLong(parts[2]));
                }
            }
            case 2 -> {
                if (parts[0].equals("U")) {
                    Entry e = keys.get(parts[1]);
                    if (e != null) {
                        e.used = true;
                    }
                } else if (parts[0].equals("D")) {
                    keys.remove(parts[1]);
                } else if (parts[0].length() == 64) { // the first format: "<storage key> <root key>", always kept
                    keys.put(parts[0], new Entry(parts[1], Long.MAX_VALUE, 0, true));
                }
            }
            default -> {
                // a torn last line from a crash mid-append: the change it describes was never acknowledged
            }
        }
    }

    @Override
    public synchronized void put(byte[] storageKey, byte[] rootKey, Instant unusedUntil, Instant validUntil) {
        String k = HEX.formatHex(storageKey);
        Entry e = new Entry(HEX.formatHex(rootKey), unusedUntil.getEpochSecond(), validUntil == null ? 0 : validUntil.getEpochSecond(), false);
        append(e.line(k));
        keys.put(k, e);
    }

    @Override
    public synchronized Optional<byte[]> get(byte[] storageKey) {
        return Optional.ofNullable(keys.get(HEX.formatHex(storageKey))).map(e -> HEX.parseHex(e.rootKey));
    }

    @Override
    public synchronized void markUsed(byte[] storageKey) {
        String k = HEX.formatHex(storageKey);
        Entry e = keys.get(k);
        if (e != null && !e.used) {
            append("U " + k + "\n");
            e.used = true;
        }
    }

    @Override
    public synchronized boolean delete(byte[] storageKey) {
        String k = HEX.formatHex(storageKey);
        if (!keys.containsKey(k)) {
            return false;
        }
        append("D " + k + "\n");
        keys.remove(k);
        return true;
    }

    @Override
    public synchronized void revoke(byte[] storageKey, Instant until) {
        String k = HEX.formatHex(storageKey);
        long end = until == null ? 0 : until.getEpochSecond();
        append("R " + k + " " + end + "\n");
        revoked.put(k, end);
    }

    @Override
    public synchronized boolean isRevoked(byte[] storageKey) {
        return revoked.containsKey(HEX.formatHex(storageKey));
    }

    @Override
    public synchronized int prune(Instant now) {
        long t = now.getEpochSecond();
        int forgotten = revoked.size();
        revoked.values().removeIf(end -> end > 0 && t >= end);
        boolean changed = forgotten != revoked.size();
        int removed = 0;
        for (Iterator<Entry> it = keys.values().iterator(); it.hasNext(); ) {
            if (it.next().prunable(t)) {
                it.remove();
                removed++;
            }
        }
        if (removed > 0 || changed) {
            rewrite();
        }
        return removed;
    }

    @Override
    public synchronized int size() {
        return keys.size();
    }

    private void append(String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                ch.force(false);
            }
        } catch (IOException e) {
            throw new WalletException("cannot write the L402 root key store " + file + ": " + e.getMessage(), e);
        }
        lines += (int) text.chars().filter(c -> c == '\n').count();
        if (lines > COMPACT_MIN_LINES && lines > 3 * (keys.size() + revoked.size())) {
            rewrite();
        }
    }

    private void rewrite() {
        StringBuilder b = new StringBuilder();
        keys.forEach((k, e) -> b.append(e.line(k)));
        revoked.forEach((k, end) -> b.append("R ").append(k).append(' ').append(end).append('\n'));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WalletException("cannot write the L402 root key store " + file + ": " + e.getMessage(), e);
        }
        lines = (int) b.chars().filter(c -> c == '\n').count();
    }
}
