package dev.bursar.wallet.evm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes secret-bearing files (keystores) so that only their owner can read them: on POSIX file systems the file is
 * created with mode 0600 (and a directory it creates with 0700) in the same system call that creates it, so no other
 * user can open it in between; elsewhere the owner-only flags are set right after creation. Content goes to a
 * temporary file first and is renamed into place, so a crash never leaves a half-written keystore under the final name.
 */
final class OwnerOnlyFiles {

    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code directory} and its missing parents; the ones created here are 0700. Existing ones are left alone. */
    static void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (posix()) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        } else {
            Files.createDirectories(directory);
        }
    }

    /**
     * Writes {@code content} to the new file {@code target} (which must not exist yet), readable and writable by its
     * owner only.
     */
    static void writeNew(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = posix()
                ? Files.createTempFile(dir, ".tmp-", ".part", PosixFilePermissions.asFileAttribute(FILE_MODE))
                : Files.createTempFile(dir, ".tmp-", ".part", new FileAttribute<?>[0]);
        try {
            restrict(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.exists(target)) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Sets owner-only access explicitly (a umask cannot widen it, but an unusual one could narrow the owner's bits). */
    private static void restrict(Path file) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, FILE_MODE);
            return;
        }
        java.io.File f = file.toFile();
        boolean ok = f.setReadable(false, false) & f.setReadable(true, true)
                & f.setWritable(false, false) & f.setWritable(true, true);
        if (!ok) {
            throw new IOException("cannot restrict " + file.getFileName() + " to its owner");
        }
    }
}
