package dev.bursar.runtime.store;

import java.time.Instant;

/**
 * An agent definition as persisted: its id, the user who owns it, and its definition as YAML text.
 */
public record StoredAgent(String id, String owner, String definitionYaml, Instant updatedAt) {
}
