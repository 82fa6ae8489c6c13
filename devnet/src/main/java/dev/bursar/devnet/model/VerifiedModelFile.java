package dev.bursar.devnet.model;

import dev.bursar.devnet.install.FileDigest;
import dev.bursar.devnet.install.InstallException;
import dev.bursar.devnet.install.InstallLock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A model file kept in the cache and trusted only by its SHA-256: under an install lock, a file that fails its check
 * is fetched again into a partial file, verified, then moved into place.
 */
final class VerifiedModelFile {

    /** Writes the model into {@code partial}. */
    interface Fetch {
        void into(Path partial) throws IOException;
    }

    private VerifiedModelFile() {
    }

    static Path ensure(Path target, String sha256, PrintStream progress, Fetch fetch) {
        try (InstallLock ignored = InstallLock.acquire(target.resolveSibling(target.getFileName() + ".lock"))) {
            if (Files.isRegularFile(target) && FileDigest.sha256(target).equals(sha256)) {
                return target;
            }
            if (Files.exists(target)) {
                progress.println("[devnet] " + target + " fails its sha256 check; fetching it again");
                Files.delete(target);
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            fetch.into(partial);
            FileDigest.verify(partial, sha256, target.getFileName().toString());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            progress.println("[devnet] model ready: " + target);
            return target;
        } catch (IOException e) {
            throw new InstallException("cannot install " + target.getFileName() + " under " + target.getParent() + ": " + e.getMessage(), e);
        }
    }
}
