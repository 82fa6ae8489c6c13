package dev.bursar.registry.discovery;

import java.util.Optional;

/** Where the discovery index survives a restart. Implementations save atomically: a crash leaves the old or the new snapshot. */
public interface IndexStore {

    /** The last saved snapshot, or empty when nothing was saved yet. */
    Optional<IndexSnapshot> load();

    /** Replaces the saved snapshot with {@code snapshot}. */
    void save(IndexSnapshot snapshot);
}
