package dev.bursar.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.wallet.InvalidInputException;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

import java.util.Iterator;
import java.util.Map;

/**
 * Checks a tool call's arguments against the tool's JSON schema before anything runs: required properties present,
 * no unknown ones, types exact (an integer is not a string of digits), enum values from the list. Any model's calls
 * pass through here, grammar-constrained or not.
 */
public final class ToolArgumentValidator {

    private ToolArgumentValidator() {
    }

    /** Throws {@link InvalidInputException} naming the first problem. */
    public static void validate(String toolName, JsonObjectSchema schema, ObjectNode arguments) {
        object(toolName, "", schema == null ? JsonObjectSchema.builder().build() : schema, arguments);
    }

    /** Whether {@code schema} uses only the types this validator (and the grammar builder) understands. */
    public static void requireSupported(String toolName, JsonSchemaElement schema) {
        switch (schema) {
            case JsonObjectSchema o -> {
                if (o.properties() != null) {
                    o.properties().values().forEach(p -> requireSupported(toolName, p));
                }
            }
            case JsonArraySchema a -> requireSupported(toolName, a.items());
            case JsonStringSchema s -> { }
            case JsonIntegerSchema i -> { }
            case JsonNumberSchema n -> { }
            case JsonBooleanSchema b -> { }
            case JsonEnumSchema e -> { }
            case JsonRawSchema r -> RawString.parse(toolName, r);
            default -> throw new IllegalArgumentException("tool " + toolName + " uses an unsupported schema element "
                    + schema.getClass().getSimpleName());
        }
    }

    private static void object(String tool, String path, JsonObjectSchema schema, JsonNode value) {
        if (!value.isObject()) {
            throw bad(tool, path, "must be an object");
        }
        Map<String, JsonSchemaElement> props = schema.properties() == null ? Map.of() : schema.properties();
        if (schema.required() != null) {
            for (String r : schema.required()) {
                if (!value.has(r) || value.get(r).isNull()) {
                    throw bad(tool, join(path, r), "is required");
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonSchemaElement element = props.get(field.getKey());
            if (element == null) {
                throw bad(tool, join(path, field.getKey()), "is not a parameter of this tool");
            }
            element(tool, join(path, field.getKey()), element, field.getValue());
        }
    }

    private static void element(String tool, String path, JsonSchemaElement schema, JsonNode value) {
        switch (schema) {
            case JsonObjectSchema o -> object(tool, path, o, value);
            case JsonStringSchema s -> {
                if (!value.isTextual()) {
                    throw bad(tool, path, "must be a string");
                }
            }
            case JsonIntegerSchema i -> {
                if (!value.isIntegralNumber()) {
                    throw bad(tool, path, "must be a whole number");
                }
            }
            case JsonNumberSchema n -> {
                if (!value.isNumber()) {
                    throw bad(tool, path, "must be a number");
                }
            }
            case JsonBooleanSchema b -> {
                if (!value.isBoolean()) {
                    throw bad(tool, path, "must be true or false");
                }
            }
            case JsonEnumSchema e -> {
                if (!value.isTextual() || !e.enumValues().contains(value.asText())) {
                    throw bad(tool, path, "must be one of " + e.enumValues());
                }
            }
            case JsonArraySchema a -> {
                if (!value.isArray()) {
                    throw bad(tool, path, "must be a list");
                }
                for (int i = 0; i < value.size(); i++) {
                    element(tool, path + "[" + i + "]", a.items(), value.get(i));
                }
            }
            case JsonRawSchema r -> {
                RawString rule = RawString.parse(tool, r);
                if (!value.isTextual()) {
                    throw bad(tool, path, "must be a string");
                }
                String text = value.asText();
                if (text.length() < rule.minLength() || text.length() > rule.maxLength()) {
                    throw bad(tool, path, "must be " + (rule.minLength() == rule.maxLength() ? String.valueOf(rule.minLength())
                            : rule.minLength() + " to " + rule.maxLength()) + " characters long, got " + text.length());
                }
                if (rule.pattern() != null && !rule.pattern().matcher(text).find()) {
                    throw bad(tool, path, "does not have the expected form " + rule.pattern().pattern());
                }
            }
            default -> throw bad(tool, path, "has a type this runtime does not accept");
        }
    }

    /**
     * A string constrained beyond what LangChain4j's string schema can say, written as a raw JSON schema:
     * {@code {"type":"string","minLength":..,"maxLength":..,"pattern":".."}}; the grammar builder reads the lengths.
     */
    record RawString(int minLength, int maxLength, java.util.regex.Pattern pattern) {
        static RawString parse(String tool, JsonRawSchema raw) {
            try {
                JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw.schema());
                if (!"string".equals(node.path("type").asText())) {
                    throw new IllegalArgumentException("tool " + tool + ": a raw schema must be a string schema");
                }
                return new RawString(node.path("minLength").asInt(0), node.path("maxLength").asInt(Integer.MAX_VALUE),
                        node.hasNonNull("pattern") ? java.util.regex.Pattern.compile(node.get("pattern").asText()) : null);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("tool " + tool + ": unreadable raw schema " + raw.schema(), e);
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static InvalidInputException bad(String tool, String path, String problem) {
        return new InvalidInputException("tool " + tool + ": argument '" + (path.isEmpty() ? "(arguments)" : path) + "' " + problem);
    }
}
