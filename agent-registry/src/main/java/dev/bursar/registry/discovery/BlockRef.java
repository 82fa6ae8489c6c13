package dev.bursar.registry.discovery;

import java.util.Objects;

/** A block the indexer processed: its number and hash, remembered to notice a reorg. */
public record BlockRef(long number, String hash) {

    public BlockRef {
        Objects.requireNonNull(hash, "hash");
        hash = hash.toLowerCase(java.util.Locale.ROOT);
    }
}
