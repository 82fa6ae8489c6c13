package dev.bursar.devnet.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-disk cache of installed tools ({@code ~/.cache/bursar} unless {@code BURSAR_CACHE} says otherwise).
 */
public final class BursarCache {

    private final Path root;

    public BursarCache(Path root) {
        this.root = root.toAbsolutePath();
    }

    /** The cache named by {@code BURSAR_CACHE}, else {@code ~/.cache/bursar}. */
    public static BursarCache fromEnvironment() {
        String configured = System.getenv("BURSAR_CACHE");
        if (configured != null && !configured.isBlank()) {
            return new BursarCache(Path.of(configured));
        }
        return new BursarCache(Path.of(System.getProperty("user.home"), ".cache", "bursar"));
    }

    public Path root() {
        return root;
    }

    /** A sub-directory of the cache, created if missing. */
    public Path dir(String first, String... more) {
        Path dir = root.resolve(Path.of(first, more));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cache directory " + dir, e);
        }
        return dir;
    }
}
