package dev.bursar.registry.discovery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link IndexStore} in one JSON file ({@link IndexSnapshotJson}), replaced atomically: the snapshot is written to a
 * temporary file in the same directory, forced to disk, then moved over the old one. For tools and tests; the runtime
 * keeps its index in its database.
 */
public final class FileIndexStore implements IndexStore {

    private final IndexSnapshotJson codec = new IndexSnapshotJson();
    private final Path file;

    /** A store in {@code file} (its directory must exist or be creatable). */
    public FileIndexStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<IndexSnapshot> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IndexStoreException("cannot read the discovery index " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
        return Optional.of(codec.read(bytes, file.toString()));
    }

    @Override
    public void save(IndexSnapshot snapshot) {
        byte[] bytes = codec.write(snapshot);
        Path temp = null;
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(bytes));
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IndexStoreException("the file system of " + file + " cannot replace files atomically; keep the index on a"
                        + " local file system", e);
            }
            temp = null;
        } catch (IOException e) {
            throw new IndexStoreException("cannot save the discovery index to " + file + " (" + e.getMessage() + "); check free space"
                    + " and permissions", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless; the old index is intact
                }
            }
        }
    }
}
