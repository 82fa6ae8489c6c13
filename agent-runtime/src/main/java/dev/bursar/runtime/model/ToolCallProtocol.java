package dev.bursar.runtime.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * How a local model calls tools. Its reply must be one JSON object, either a final answer
 * {@code {"answer": "<text>"}} or exactly one call {@code {"tool": "<name>", "arguments": {...}}} whose arguments
 * follow that tool's schema. {@link #grammar()} forces this shape during decoding; {@link #parse(String)} parses
 * strictly and validates the arguments again in Java, so a reply is either a valid call, a text answer, or an
 * {@link Parsed.Invalid} that is never executed.
 */
public final class ToolCallProtocol {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final Map<String, ToolSpecification> tools = new LinkedHashMap<>();
    private final Map<String, JsonNode> schemas = new LinkedHashMap<>();
    private final boolean answerAllowed;
    private final String grammar;
    private final OptionalLong maxCallBytes;

    private ToolCallProtocol(List<ToolSpecification> specifications, boolean answerAllowed, int maxStringLength) {
        if (specifications.isEmpty()) {
            throw new IllegalArgumentException("a tool-call protocol needs at least one tool");
        }
        this.answerAllowed = answerAllowed;
        JsonSchemaGrammar g = new JsonSchemaGrammar(maxStringLength);
        List<String> alternatives = new ArrayList<>();
        if (answerAllowed) {
            String text = g.define("answer-text", "\"\\\"\" char* \"\\\"\"");
            alternatives.add(g.define("answer",
                    "\"{\" ws \"\\\"answer\\\"\" ws \":\" ws " + text + " ws \"}\""));
        }
        for (ToolSpecification spec : specifications) {
            if (tools.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("two tools are named " + spec.name());
            }
            JsonNode schema = schemaOf(spec);
            schemas.put(spec.name(), schema);
            String args = g.rule(spec.name() + "-args", schema);
            String name = JsonSchemaGrammar.literal(JSON.getNodeFactory().textNode(spec.name()).toString());
            alternatives.add(g.define("call-" + spec.name(), "\"{\" ws \"\\\"tool\\\"\" ws \":\" ws " + name
                    + " ws \",\" ws \"\\\"arguments\\\"\" ws \":\" ws " + args + " ws \"}\""));
        }
        this.grammar = g.toGbnf(String.join(" | ", alternatives));
        this.maxCallBytes = longestCall(maxStringLength);
    }

    /** The longest call the grammar admits, in bytes: {@code {"tool": NAME, "arguments": ARGS}} with one space per gap. */
    private OptionalLong longestCall(int maxStringLength) {
        GrammarLengthBound bound = new GrammarLengthBound(maxStringLength);
        long longest = 0;
        for (Map.Entry<String, JsonNode> e : schemas.entrySet()) {
            OptionalLong args = bound.of(e.getValue());
            if (args.isEmpty()) {
                return OptionalLong.empty();
            }
            String name = JSON.getNodeFactory().textNode(e.getKey()).toString();
            long call = "{\"tool\":,\"arguments\":}".length() + name.getBytes(StandardCharsets.UTF_8).length
                    + args.getAsLong() + 7;
            longest = Math.max(longest, call);
        }
        return OptionalLong.of(longest);
    }

    /**
     * The most bytes (hence tokens: each writes at least one) a tool call under this grammar can take; empty when a
     * schema admits values of any length. A text answer, where allowed, is not counted: the request's max tokens
     * bound it.
     */
    public OptionalLong maxCallBytes() {
        return maxCallBytes;
    }

    public static ToolCallProtocol of(List<ToolSpecification> tools, boolean answerAllowed) {
        return new ToolCallProtocol(tools, answerAllowed, JsonSchemaGrammar.DEFAULT_MAX_STRING_LENGTH);
    }

    public static ToolCallProtocol of(List<ToolSpecification> tools, boolean answerAllowed, int maxStringLength) {
        return new ToolCallProtocol(tools, answerAllowed, maxStringLength);
    }

    /** The JSON schema of a tool's arguments (an empty closed object when it takes none). */
    public static JsonNode schemaOf(ToolSpecification spec) {
        if (spec.parameters() == null) {
            ObjectNode empty = JSON.createObjectNode().put("type", "object");
            empty.putObject("properties");
            empty.put("additionalProperties", false);
            return empty;
        }
        JsonNode schema = JSON.valueToTree(JsonSchemaElementUtils.toMap(spec.parameters()));
        closeObjects(spec.parameters(), schema);
        return schema;
    }

    /** LangChain4j's toMap drops {@code additionalProperties: false} outside strict mode; put it back. */
    private static void closeObjects(JsonSchemaElement element, JsonNode schema) {
        if (element instanceof JsonObjectSchema o && schema instanceof ObjectNode node) {
            if (Boolean.FALSE.equals(o.additionalProperties())) {
                node.put("additionalProperties", false);
            }
            if (o.properties() != null) {
                o.properties().forEach((name, sub) -> closeObjects(sub, node.path("properties").path(name)));
            }
        } else if (element instanceof JsonArraySchema a && a.items() != null) {
            closeObjects(a.items(), schema.path("items"));
        }
    }

    public String grammar() {
        return grammar;
    }

    /** The instructions a system message carries so the model knows the tools and the reply format. */
    public String instructions() {
        StringBuilder out = new StringBuilder("You can call tools. Reply with exactly one JSON object: ");
        if (answerAllowed) {
            out.append("{\"answer\": \"<your reply to the user>\"} to answer, or ");
        }
        out.append("{\"tool\": \"<tool name>\", \"arguments\": {...}} to call one tool. Tools:\n");
        tools.forEach((name, spec) -> out.append("- ").append(name).append(": ")
                .append(spec.description() == null ? "" : spec.description())
                .append(" Arguments schema: ").append(schemas.get(name)).append('\n'));
        return out.toString();
    }

    /** How a call appears in the conversation history: the same JSON the model writes. */
    public static String render(ToolExecutionRequest call) {
        ObjectNode node = JSON.createObjectNode().put("tool", call.name());
        try {
            node.set("arguments", JSON.readTree(call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments()));
        } catch (JsonProcessingException e) {
            node.put("arguments", call.arguments());
        }
        return node.toString();
    }

    /** What a reply turned out to be. */
    public sealed interface Parsed {
        record Answer(String text) implements Parsed {
        }

        record Call(ToolExecutionRequest request) implements Parsed {
        }

        record Invalid(List<String> errors) implements Parsed {
        }
    }

    public Parsed parse(String output) {
        JsonNode node;
        try {
            node = JSON.readTree(output.strip());
        } catch (JsonProcessingException e) {
            return new Parsed.Invalid(List.of("the reply is not one complete JSON object: "
                    + e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            return new Parsed.Invalid(List.of("the reply must be a JSON object"));
        }
        if (node.has("answer") && node.size() == 1) {
            if (!answerAllowed) {
                return new Parsed.Invalid(List.of("a tool call is required; a plain answer is not allowed"));
            }
            if (!node.get("answer").isTextual()) {
                return new Parsed.Invalid(List.of("answer must be a string"));
            }
            return new Parsed.Answer(node.get("answer").textValue());
        }
        List<String> errors = new ArrayList<>();
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("tool") && !f.equals("arguments")) {
                errors.add("unknown property " + f + " (expected tool and arguments)");
            }
        }
        JsonNode tool = node.get("tool");
        if (tool == null || !tool.isTextual()) {
            errors.add("tool must be the name of a tool as a string");
            return new Parsed.Invalid(errors);
        }
        JsonNode schema = schemas.get(tool.textValue());
        if (schema == null) {
            errors.add("unknown tool " + tool.textValue() + "; the tools are " + tools.keySet());
            return new Parsed.Invalid(errors);
        }
        JsonNode arguments = node.get("arguments");
        if (arguments == null || !arguments.isObject()) {
            errors.add("arguments must be a JSON object");
            return new Parsed.Invalid(errors);
        }
        for (String e : JsonSchemaValidator.validate(schema, arguments)) {
            errors.add("arguments of " + tool.textValue() + " " + e.replaceFirst("^\\$", "at \\$"));
        }
        if (!errors.isEmpty()) {
            return new Parsed.Invalid(errors);
        }
        return new Parsed.Call(ToolExecutionRequest.builder()
                .id("call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                .name(tool.textValue())
                .arguments(arguments.toString())
                .build());
    }
}
