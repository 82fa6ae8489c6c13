package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemaGrammarTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> rules(String gbnf) {
        return Arrays.stream(gbnf.split("\n")).map(l -> l.split(" ::= ", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
    }

    private static JsonNode schema(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void enumBecomesAnAlternationOfItsJsonLiterals() throws Exception {
        Map<String, String> r = rules(JsonSchemaGrammar.forSchema(schema("{\"type\":\"string\",\"enum\":[\"ETH\",\"USDC\"]}")));

        assertThat(r.get("root")).isEqualTo("value-enum");
        assertThat(r.get("value-enum")).isEqualTo("\"\\\"ETH\\\"\" | \"\\\"USDC\\\"\"");
    }

    @Test
    void integerAmountIsDigitsAndStringAmountIsQuoted() throws Exception {
        Map<String, String> r = rules(JsonSchemaGrammar.forSchema(schema("""
                {"type":"object","properties":{"wei":{"type":"integer","minimum":0},"eth":{"type":"string","maxLength":20},
                 "delta":{"type":"integer"}, "rate":{"type":"number"}},"required":["wei","eth","delta","rate"]}""")));

        String object = r.get("value");
        assertThat(object).startsWith("\"{\" ws \"\\\"wei\\\"\" ws \":\" ws natural \",\" ws \"\\\"eth\\\"\" ws \":\" ws string-0-20");
        assertThat(r.get("natural")).isEqualTo("\"0\" | [1-9] [0-9]{0,17}").doesNotContain("\"-\"").doesNotContain("\\\"");
        assertThat(r.get("integer")).startsWith("\"-\"?").doesNotContain(".");
        assertThat(r.get("number")).contains("\".\"");
        assertThat(r.get("string-0-20")).isEqualTo("\"\\\"\" char{0,20} \"\\\"\"");
    }

    @Test
    void nestedObjectsGetTheirOwnClosedRulesWithRequiredThenOptionalKeys() throws Exception {
        Map<String, String> r = rules(JsonSchemaGrammar.forSchema(schema("""
                {"type":"object","additionalProperties":false,
                 "properties":{"memo":{"type":"string"},"to":{"type":"object","properties":{"address":{"type":"string"},
                 "chain":{"type":"integer"}},"required":["address"]}},"required":["to"]}""")));

        assertThat(r.get("value")).isEqualTo("\"{\" ws \"\\\"to\\\"\" ws \":\" ws value-to (\",\" ws \"\\\"memo\\\"\" ws \":\" ws string)? ws \"}\"");
        assertThat(r.get("value-to")).isEqualTo(
                "\"{\" ws \"\\\"address\\\"\" ws \":\" ws string (\",\" ws \"\\\"chain\\\"\" ws \":\" ws integer)? ws \"}\"");
    }

    @Test
    void objectWithOnlyOptionalKeysAllowsAnyOrderedSubsetWithoutLeadingComma() throws Exception {
        Map<String, String> r = rules(JsonSchemaGrammar.forSchema(schema(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"boolean\"},\"b\":{\"type\":\"boolean\"}}}")));

        assertThat(r.get("value")).isEqualTo("\"{\" ws (\"\\\"a\\\"\" ws \":\" ws boolean (\",\" ws \"\\\"b\\\"\" ws \":\" ws boolean)? | value-from-1)? ws \"}\"");
        assertThat(r.get("value-from-1")).isEqualTo("\"\\\"b\\\"\" ws \":\" ws boolean");
    }

    @Test
    void arraysHonourMinAndMaxItems() throws Exception {
        Map<String, String> r = rules(JsonSchemaGrammar.forSchema(schema(
                "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"x\"]},\"minItems\":1,\"maxItems\":3}")));

        assertThat(r.get("value")).isEqualTo("\"[\" ws value-item-enum (\",\" ws value-item-enum){0,2} ws \"]\"");
        Map<String, String> open = rules(JsonSchemaGrammar.forSchema(schema("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}")));
        assertThat(open.get("value")).isEqualTo("\"[\" ws (integer (\",\" ws integer){0,15})? ws \"]\"");
    }

    @Test
    void stringsAreBoundedAndEscapesAllowedButNoRawControlCharacters() {
        Map<String, String> r = rules(new JsonSchemaGrammar(32).toGbnf("string"));
        assertThat(r.get("char")).contains("[^\"\\\\\\x7F\\x00-\\x1F]");
        Map<String, String> r2 = rules(JsonSchemaGrammar.forSchema(JSON.createObjectNode().put("type", "string")));
        assertThat(r2.get("string")).isEqualTo("\"\\\"\" char{0," + JsonSchemaGrammar.DEFAULT_MAX_STRING_LENGTH + "} \"\\\"\"");
    }

    @Test
    void unsupportedOrInconsistentSchemasAreRejected() throws Exception {
        assertThatThrownBy(() -> JsonSchemaGrammar.forSchema(schema("{\"$ref\":\"#/defs/x\"}")))
                .hasMessageContaining("$ref");
        assertThatThrownBy(() -> JsonSchemaGrammar.forSchema(schema("{\"type\":\"object\",\"required\":[\"x\"]}")))
                .hasMessageContaining("requires x");
        assertThatThrownBy(() -> JsonSchemaGrammar.forSchema(schema("{\"type\":\"date\"}")))
                .hasMessageContaining("unknown type date");
    }

    @Test
    void toolProtocolOffersAnswerOrOneCallPerTool() {
        Map<String, String> r = rules(ToolCallProtocol.of(PaymentTools.ALL, true).grammar());
        assertThat(r.get("root")).isEqualTo("answer | call-get-balance | call-send-payment | call-pay-invoice | call-paid-fetch | call-check-contract");
        assertThat(r.get("call-send-payment")).contains("\"\\\"send_payment\\\"\"").contains("send-payment-args");
        assertThat(r.get("send-payment-args")).contains("\"\\\"amount\\\"\" ws \":\" ws integer");

        Map<String, String> required = rules(ToolCallProtocol.of(PaymentTools.ALL, false).grammar());
        assertThat(required.get("root")).doesNotContain("answer");
    }
}
