package dev.bursar.registry.a2a;

import java.util.Map;
import java.util.Objects;

/** What {@link A2aWork} produced: the text of its answer and structured data (sent as an artifact's data part). */
public record A2aResult(String text, Map<String, Object> data) {

    public A2aResult {
        Objects.requireNonNull(text, "text");
        data = Map.copyOf(data);
    }

    public static A2aResult text(String text) {
        return new A2aResult(text, Map.of());
    }
}
