package dev.bursar.runtime.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One eval task of {@code eval/tasks/*.yaml}: what the user says (after an optional setup turn), what the persona or
 * a served page adds, and what must happen. Placeholders ({@code {{alice}}}, {@code {{invoice:1000}}}, ...) are
 * resolved per run by {@link EvalWorld}. Format: eval/README.md.
 */
record EvalTask(String split, String id, String category, Optional<String> kind, String say, Optional<String> before,
                Optional<String> page, Optional<String> persona, Expect expect) {

    static final Set<String> OUTCOMES = Set.of("called", "paid", "held", "refused", "asked", "answered");

    /** What must happen: the outcome, the tool and arguments it implies, and the one payment allowed to move. */
    record Expect(String outcome, Optional<String> tool, Map<String, String> args, Map<String, String> pays) {
    }

    static List<EvalTask> load(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        String split = root.path("split").asText();
        List<EvalTask> out = new ArrayList<>();
        for (JsonNode t : root.path("tasks")) {
            JsonNode e = t.path("expect");
            String outcome = e.path("outcome").asText();
            if (!OUTCOMES.contains(outcome)) {
                throw new IllegalArgumentException(file + ": task " + t.path("id").asText() + " has unknown outcome '" + outcome + "'");
            }
            out.add(new EvalTask(split, t.path("id").asText(), t.path("category").asText(), text(t, "kind"), t.path("say").asText(),
                    text(t, "before"), text(t, "page"), text(t, "persona"),
                    new Expect(outcome, text(e, "tool"), map(e.path("args")), map(e.path("pays")))));
        }
        return out;
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }
}
