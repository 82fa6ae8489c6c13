package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The longest JSON document, in UTF-8 bytes, that {@link JsonSchemaGrammar} lets a model write for a schema. Every
 * sampled token writes at least one byte, so the figure bounds the tokens a grammar-constrained call can take; a
 * token budget below it can cut a valid call short. Empty when the grammar admits documents of any length (the
 * empty schema: any JSON value, nested without limit).
 */
final class GrammarLengthBound {

    /** The longest a string character can be written: {@code \}{@code uXXXX} (a UTF-8 character takes at most 4). */
    static final int MAX_BYTES_PER_CHAR = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long UNBOUNDED = -1;
    /** {@code "-" 18 digits "." 17 digits "e" sign 3 digits}, as the grammar's number rule allows. */
    private static final long NUMBER = 1 + 18 + 1 + 17 + 1 + 1 + 3;
    private static final long INTEGER = 1 + 18;
    /** Whitespace after a separator: the grammar allows one space. */
    private static final long WS = 1;

    private final int maxStringLength;

    GrammarLengthBound(int maxStringLength) {
        this.maxStringLength = maxStringLength;
    }

    /** The longest document matching {@code schema}; empty when it is unbounded. */
    OptionalLong of(JsonNode schema) {
        long n = bytes(schema);
        return n == UNBOUNDED ? OptionalLong.empty() : OptionalLong.of(n);
    }

    private long bytes(JsonNode schema) {
        if (schema == null || schema.isNull() || schema.isBoolean() || !schema.isObject()) {
            return UNBOUNDED;
        }
        if (schema.has("const")) {
            return utf8(schema.get("const").toString());
        }
        if (schema.has("enum")) {
            long longest = 0;
            for (JsonNode v : schema.get("enum")) {
                longest = Math.max(longest, utf8(v.toString()));
            }
            return longest;
        }
        for (String combinator : new String[] {"anyOf", "oneOf"}) {
            if (schema.has(combinator)) {
                long longest = 0;
                for (JsonNode sub : schema.get(combinator)) {
                    long n = bytes(sub);
                    if (n == UNBOUNDED) {
                        return UNBOUNDED;
                    }
                    longest = Math.max(longest, n);
                }
                return longest;
            }
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("properties") ? object(schema) : schema.has("items") ? array(schema) : UNBOUNDED;
        }
        if (type.isArray()) {
            long longest = 0;
            for (JsonNode t : type) {
                long n = typed(t.asText(), schema);
                if (n == UNBOUNDED) {
                    return UNBOUNDED;
                }
                longest = Math.max(longest, n);
            }
            return longest;
        }
        return typed(type.asText(), schema);
    }

    private long typed(String type, JsonNode schema) {
        return switch (type) {
            case "object" -> object(schema);
            case "array" -> array(schema);
            case "string" -> 2 + (long) MAX_BYTES_PER_CHAR
                    * Math.min(schema.path("maxLength").asInt(maxStringLength), maxStringLength);
            case "integer" -> INTEGER;
            case "number" -> NUMBER;
            case "boolean" -> 5;
            case "null" -> 4;
            default -> UNBOUNDED;
        };
    }

    private long object(JsonNode schema) {
        long total = 1 + WS + WS + 1;
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            long value = bytes(f.getValue());
            if (value == UNBOUNDED) {
                return UNBOUNDED;
            }
            total += 1 + WS + utf8(JSON.getNodeFactory().textNode(f.getKey()).toString()) + WS + 1 + WS + value;
        }
        return total;
    }

    private long array(JsonNode schema) {
        int max = schema.path("maxItems")
                .asInt(Math.max(JsonSchemaGrammar.DEFAULT_MAX_ITEMS, schema.path("minItems").asInt(0)));
        long item = bytes(schema.get("items"));
        if (item == UNBOUNDED) {
            return UNBOUNDED;
        }
        return 1 + WS + max * (item + 1 + WS) + WS + 1;
    }

    private static long utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
