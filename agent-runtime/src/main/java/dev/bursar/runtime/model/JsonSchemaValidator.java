package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a JSON value against a JSON schema, in Java, after decoding: the second line of defence behind the grammar,
 * and the only one for constraints a grammar does not express (pattern, minimum/maximum, additionalProperties on
 * untrusted input). Supports the same keywords as {@link JsonSchemaGrammar} plus pattern, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum. Returns every error with its JSON path; an empty list means valid.
 */
public final class JsonSchemaValidator {

    private JsonSchemaValidator() {
    }

    public static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "$", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema == null || schema.isNull() || (schema.isBoolean() && schema.booleanValue())) {
            return;
        }
        if (schema.isBoolean()) {
            errors.add(path + ": no value is allowed here");
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + ": must be " + schema.get("const"));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode v : schema.get("enum")) {
                found |= v.equals(value) || (v.isNumber() && value.isNumber() && v.decimalValue().compareTo(value.decimalValue()) == 0);
            }
            if (!found) {
                errors.add(path + ": must be one of " + schema.get("enum") + ", not " + value);
                return;
            }
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                int matches = 0;
                for (JsonNode sub : schema.get(combinator)) {
                    if (validate(sub, value).isEmpty()) {
                        matches++;
                    }
                }
                if (matches == 0 || (combinator.equals("oneOf") && matches > 1)) {
                    errors.add(path + ": matches " + matches + " of the " + combinator + " alternatives");
                    return;
                }
            }
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            boolean ok = false;
            if (type.isArray()) {
                for (JsonNode t : type) {
                    ok |= hasType(value, t.asText());
                }
            } else {
                ok = hasType(value, type.asText());
            }
            if (!ok) {
                errors.add(path + ": must be " + (type.isArray() ? "one of " + type : "a " + type.asText())
                        + ", not " + describe(value));
                return;
            }
        }
        if (value.isObject()) {
            checkObject(schema, value, path, errors);
        } else if (value.isArray()) {
            checkArray(schema, value, path, errors);
        } else if (value.isTextual()) {
            checkString(schema, value.textValue(), path, errors);
        } else if (value.isNumber()) {
            checkNumber(schema, value.decimalValue(), path, errors);
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        JsonNode properties = schema.path("properties");
        for (JsonNode r : schema.path("required")) {
            if (!value.has(r.asText())) {
                errors.add(path + ": missing required property " + r.asText());
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (properties.has(f.getKey())) {
                check(properties.get(f.getKey()), f.getValue(), path + "." + f.getKey(), errors);
            } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").booleanValue()) {
                errors.add(path + ": unknown property " + f.getKey());
            } else if (schema.path("additionalProperties").isObject()) {
                check(schema.get("additionalProperties"), f.getValue(), path + "." + f.getKey(), errors);
            }
        }
    }

    private static void checkArray(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(path + ": needs at least " + schema.get("minItems").asInt() + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(path + ": allows at most " + schema.get("maxItems").asInt() + " items");
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static void checkString(JsonNode schema, String s, String path, List<String> errors) {
        int length = s.codePointCount(0, s.length());
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            errors.add(path + ": must have at least " + schema.get("minLength").asInt() + " characters");
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            errors.add(path + ": must have at most " + schema.get("maxLength").asInt() + " characters");
        }
        if (schema.has("pattern")) {
            try {
                if (!Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
                    errors.add(path + ": does not match pattern " + schema.get("pattern").asText());
                }
            } catch (PatternSyntaxException e) {
                errors.add(path + ": schema pattern is not a valid regular expression");
            }
        }
    }

    private static void checkNumber(JsonNode schema, BigDecimal n, String path, List<String> errors) {
        if (schema.path("minimum").isNumber() && n.compareTo(schema.get("minimum").decimalValue()) < 0) {
            errors.add(path + ": must be at least " + schema.get("minimum"));
        }
        if (schema.path("maximum").isNumber() && n.compareTo(schema.get("maximum").decimalValue()) > 0) {
            errors.add(path + ": must be at most " + schema.get("maximum"));
        }
        if (schema.path("exclusiveMinimum").isNumber() && n.compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0) {
            errors.add(path + ": must be greater than " + schema.get("exclusiveMinimum"));
        }
        if (schema.path("exclusiveMaximum").isNumber() && n.compareTo(schema.get("exclusiveMaximum").decimalValue()) >= 0) {
            errors.add(path + ": must be less than " + schema.get("exclusiveMaximum"));
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "the number " + value;
        }
        return value.getNodeType().name().toLowerCase();
    }
}
