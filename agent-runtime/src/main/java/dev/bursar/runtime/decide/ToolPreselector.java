package dev.bursar.runtime.decide;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ranks the tools a turn may use, and plain talk ({@link #ANSWER}), by how close the user's words are to what people
 * say when they want each one (and greetings, {@link #GREET}): sentence embeddings of the message against exemplar phrases of the built-in tools,
 * and against the description of any other tool. Thread-safe; one instance serves every agent.
 */
public final class ToolPreselector {

    /** The pseudo-tool that stands for answering in words. */
    public static final String ANSWER = "answer";
    /** The pseudo-tool that stands for a greeting or a question about the agent: it introduces itself. */
    public static final String GREET = "greet";

    private final EmbeddingModel model;
    private final Map<String, List<Embedding>> exemplars;
    private final Map<String, Embedding> descriptions = new ConcurrentHashMap<>();

    private ToolPreselector(EmbeddingModel model, Map<String, List<String>> phrases) {
        this.model = Objects.requireNonNull(model, "model");
        Map<String, List<Embedding>> out = new LinkedHashMap<>();
        phrases.forEach((tool, list) -> out.put(tool, model.embedAll(list.stream().map(TextSegment::from).toList()).content()));
        this.exemplars = Map.copyOf(out);
    }

    /** A preselector over {@code model} with the built-in tools' exemplar phrases. */
    public static ToolPreselector of(EmbeddingModel model) {
        return new ToolPreselector(model, builtInPhrases());
    }

    /** One candidate and how close the message is to it (cosine similarity, higher is closer). */
    public record Scored(String tool, double score) {
    }

    /** {@code tools} and {@link #ANSWER}, closest first. */
    public List<Scored> rank(String message, List<ToolSpecification> tools) {
        Embedding said = model.embed(message.isBlank() ? "…" : message).content();
        List<Scored> out = new ArrayList<>();
        out.add(new Scored(ANSWER, best(said, exemplars.get(ANSWER))));
        out.add(new Scored(GREET, best(said, exemplars.get(GREET))));
        for (ToolSpecification spec : tools) {
            List<Embedding> known = exemplars.get(spec.name());
            double score = known != null ? best(said, known)
                    : CosineSimilarity.between(said, descriptions.computeIfAbsent(spec.name() + "\u0000" + spec.description(),
                    k -> model.embed(spec.name().replace('_', ' ') + ": " + Objects.toString(spec.description(), "")).content()));
            out.add(new Scored(spec.name(), score));
        }
        out.sort(Comparator.comparingDouble(Scored::score).reversed());
        return List.copyOf(out);
    }

    private static double best(Embedding said, List<Embedding> candidates) {
        double best = -1;
        for (Embedding e : candidates) {
            best = Math.max(best, CosineSimilarity.between(said, e));
        }
        return best;
    }

    private static Map<String, List<String>> builtInPhrases() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (InputStream in = ToolPreselector.class.getResourceAsStream("tool-exemplars.txt")) {
            if (in == null) {
                throw new IllegalStateException("tool-exemplars.txt is missing from the runtime's classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf('|');
                out.computeIfAbsent(line.substring(0, bar).strip(), k -> new ArrayList<>()).add(line.substring(bar + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
