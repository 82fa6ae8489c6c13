package dev.bursar.runtime.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts JSON schemas to a llama.cpp GBNF grammar that accepts exactly the JSON documents the schema describes
 * (within the bounds below), so constrained decoding cannot produce a malformed value.
 *
 * <p>Supported: {@code type} (object, string, integer, number, boolean, null, or a list of them), {@code enum},
 * {@code const}, {@code properties} with {@code required} (required keys first, then optional ones, in schema
 * order), {@code items} with {@code minItems}/{@code maxItems}, {@code minLength}/{@code maxLength} (unbounded arrays and strings
 * get {@link #DEFAULT_MAX_ITEMS} and the instance's longest string),
 * {@code anyOf}/{@code oneOf}, and the empty schema (any JSON value). Objects are always closed: a grammar never
 * emits a key the schema does not name, whatever {@code additionalProperties} says. An integer with
 * {@code minimum >= 0} cannot start with a minus sign. Constraints a grammar cannot express well (pattern,
 * numeric ranges, format) are left to {@link JsonSchemaValidator}. {@code $ref} is rejected.
 *
 * <p>One instance builds one grammar: add named values with {@link #rule(String, JsonNode)}, then write the root
 * with {@link #toGbnf(String)}.
 */
public final class JsonSchemaGrammar {

    /** Longest string a grammar lets the model write when the schema gives no {@code maxLength}. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 256;
    /** Most items a grammar lets the model write in an array when the schema gives no {@code maxItems}. */
    public static final int DEFAULT_MAX_ITEMS = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> rules = new LinkedHashMap<>();
    private final Map<String, String> byBody = new HashMap<>();
    private final int maxStringLength;

    public JsonSchemaGrammar(int maxStringLength) {
        if (maxStringLength < 1) {
            throw new IllegalArgumentException("maxStringLength must be positive: " + maxStringLength);
        }
        this.maxStringLength = maxStringLength;
        rules.put("ws", "[ ]?");
        rules.put("char", "[^\"\\\\\\x7F\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})");
    }

    public JsonSchemaGrammar() {
        this(DEFAULT_MAX_STRING_LENGTH);
    }

    /** A complete grammar accepting exactly the schema's documents. */
    public static String forSchema(JsonNode schema) {
        JsonSchemaGrammar g = new JsonSchemaGrammar();
        return g.toGbnf(g.rule("value", schema));
    }

    /** Writes the grammar with {@code root ::= rootBody}. */
    public String toGbnf(String rootBody) {
        StringBuilder out = new StringBuilder("root ::= ").append(rootBody).append('\n');
        rules.forEach((name, body) -> out.append(name).append(" ::= ").append(body).append('\n'));
        return out.toString();
    }

    /** Adds a rule with the given body under a fresh name derived from {@code hint}; returns the name. */
    public String define(String hint, String body) {
        String existing = byBody.get(body);
        if (existing != null) {
            return existing;
        }
        String base = hint.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "r";
        }
        String name = base;
        for (int i = 2; rules.containsKey(name) || name.equals("root"); i++) {
            name = base + "-" + i;
        }
        rules.put(name, body);
        byBody.put(body, name);
        return name;
    }

    /** The name of a rule matching values of {@code schema}. */
    public String rule(String hint, JsonNode schema) {
        if (schema == null || schema.isNull() || (schema.isBoolean() && schema.booleanValue())) {
            return anyValue();
        }
        if (!schema.isObject()) {
            throw new IllegalArgumentException("schema at " + hint + " is not an object: " + schema);
        }
        if (schema.has("$ref")) {
            throw new IllegalArgumentException("schema at " + hint + " uses $ref, which tool grammars do not support");
        }
        if (schema.has("const")) {
            return define(hint + "-const", literal(json(schema.get("const"))));
        }
        if (schema.has("enum")) {
            List<String> alternatives = new ArrayList<>();
            for (JsonNode v : schema.get("enum")) {
                alternatives.add(literal(json(v)));
            }
            if (alternatives.isEmpty()) {
                throw new IllegalArgumentException("schema at " + hint + " has an empty enum");
            }
            return define(hint + "-enum", String.join(" | ", alternatives));
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                List<String> alternatives = new ArrayList<>();
                int i = 0;
                for (JsonNode sub : schema.get(combinator)) {
                    alternatives.add(rule(hint + "-" + i++, sub));
                }
                return define(hint, String.join(" | ", alternatives));
            }
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            if (schema.has("properties")) {
                return object(hint, schema);
            }
            if (schema.has("items")) {
                return array(hint, schema);
            }
            return anyValue();
        }
        if (type.isArray()) {
            Set<String> alternatives = new LinkedHashSet<>();
            for (JsonNode t : type) {
                alternatives.add(typed(hint + "-" + t.asText(), t.asText(), schema));
            }
            return define(hint, String.join(" | ", alternatives));
        }
        return typed(hint, type.asText(), schema);
    }

    private String typed(String hint, String type, JsonNode schema) {
        return switch (type) {
            case "object" -> object(hint, schema);
            case "array" -> array(hint, schema);
            case "string" -> string(schema.path("minLength").asInt(0), schema.path("maxLength").asInt(maxStringLength));
            case "integer" -> schema.path("minimum").isNumber() && schema.path("minimum").asDouble() >= 0
                    ? define("natural", "\"0\" | [1-9] [0-9]{0,17}")
                    : define("integer", "\"-\"? (\"0\" | [1-9] [0-9]{0,17})");
            case "number" -> define("number",
                    "\"-\"? (\"0\" | [1-9] [0-9]{0,17}) (\".\" [0-9]{1,17})? ([eE] [-+]? [0-9]{1,3})?");
            case "boolean" -> define("boolean", "\"true\" | \"false\"");
            case "null" -> define("null", "\"null\"");
            default -> throw new IllegalArgumentException("schema at " + hint + " has unknown type " + type);
        };
    }

    private String string(int min, int max) {
        int upper = Math.min(max, maxStringLength);
        if (min > upper) {
            throw new IllegalArgumentException("string minLength " + min + " exceeds its maximum " + upper);
        }
        String name = upper == maxStringLength && min == 0 ? "string" : "string-" + min + "-" + upper;
        return define(name, "\"\\\"\" char{" + min + "," + upper + "} \"\\\"\"");
    }

    private String object(String hint, JsonNode schema) {
        JsonNode properties = schema.path("properties");
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (String r : required) {
            if (!properties.has(r)) {
                throw new IllegalArgumentException("schema at " + hint + " requires " + r + " but does not define it");
            }
        }
        List<String> requiredPairs = new ArrayList<>();
        List<String> optionalPairs = new ArrayList<>();
        for (String r : required) {
            requiredPairs.add(pair(hint, r, properties.get(r)));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!required.contains(f.getKey())) {
                optionalPairs.add(pair(hint, f.getKey(), f.getValue()));
            }
        }
        StringBuilder body = new StringBuilder("\"{\" ws ");
        if (!requiredPairs.isEmpty()) {
            body.append(String.join(" \",\" ws ", requiredPairs));
            for (String opt : optionalPairs) {
                body.append(" (\",\" ws ").append(opt).append(")?");
            }
        } else if (!optionalPairs.isEmpty()) {
            body.append("(").append(optionalChain(hint, optionalPairs, 0)).append(")?");
        }
        body.append(" ws \"}\"");
        return define(hint, body.toString());
    }

    /** Any non-empty subsequence of {@code pairs[from..]}, comma separated, in order. */
    private String optionalChain(String hint, List<String> pairs, int from) {
        StringBuilder tail = new StringBuilder();
        for (int i = from + 1; i < pairs.size(); i++) {
            tail.append(" (\",\" ws ").append(pairs.get(i)).append(")?");
        }
        String first = pairs.get(from) + tail;
        if (from + 1 == pairs.size()) {
            return first;
        }
        return first + " | " + define(hint + "-from-" + (from + 1), optionalChain(hint, pairs, from + 1));
    }

    private String pair(String hint, String key, JsonNode valueSchema) {
        String value = rule(hint + "-" + key, valueSchema);
        return literal(json(JSON.getNodeFactory().textNode(key))) + " ws \":\" ws " + value;
    }

    private String array(String hint, JsonNode schema) {
        String item = rule(hint + "-item", schema.path("items").isMissingNode() ? null : schema.get("items"));
        int min = schema.path("minItems").asInt(0);
        int max = schema.path("maxItems").asInt(Math.max(DEFAULT_MAX_ITEMS, min));
        if (min > max) {
            throw new IllegalArgumentException("schema at " + hint + " has minItems > maxItems");
        }
        String more = "(\",\" ws " + item + ")";
        String repetition = "{" + Math.max(0, min - 1) + "," + Math.max(0, max - 1) + "}";
        String items = item + " " + more + repetition;
        String body;
        if (max == 0) {
            body = "\"[\" ws \"]\"";
        } else if (min >= 1) {
            body = "\"[\" ws " + items + " ws \"]\"";
        } else {
            body = "\"[\" ws (" + items + ")? ws \"]\"";
        }
        return define(hint, body);
    }

    private String anyValue() {
        if (!rules.containsKey("any-value")) {
            String s = string(0, maxStringLength);
            String n = typed("number", "number", JSON.createObjectNode());
            rules.put("any-value", "any-object | any-array | " + s + " | " + n + " | \"true\" | \"false\" | \"null\"");
            rules.put("any-object", "\"{\" ws (" + s + " ws \":\" ws any-value (\",\" ws " + s
                    + " ws \":\" ws any-value)*)? ws \"}\"");
            rules.put("any-array", "\"[\" ws (any-value (\",\" ws any-value)*)? ws \"]\"");
        }
        return "any-value";
    }

    /** A GBNF string literal matching exactly {@code text}. */
    public static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String json(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
