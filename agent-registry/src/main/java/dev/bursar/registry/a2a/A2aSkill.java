package dev.bursar.registry.a2a;

import java.util.List;
import java.util.Objects;

/** One skill an agent offers on its A2A card: an id callers name, a title, what it does, and search tags. */
public record A2aSkill(String id, String name, String description, List<String> tags) {

    public A2aSkill {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        tags = List.copyOf(tags);
        if (id.isBlank()) {
            throw new IllegalArgumentException("a skill needs a non-blank id");
        }
    }
}
