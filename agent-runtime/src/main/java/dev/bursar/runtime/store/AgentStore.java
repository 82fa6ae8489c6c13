package dev.bursar.runtime.store;

import java.util.List;
import java.util.Optional;

/**
 * Persisted agent definitions (those created or changed through the API; YAML files in the agents directory are
 * loaded at start and saved here too).
 */
public interface AgentStore {

    void save(StoredAgent agent);

    Optional<StoredAgent> find(String id);

    List<StoredAgent> all();

    boolean delete(String id);
}
