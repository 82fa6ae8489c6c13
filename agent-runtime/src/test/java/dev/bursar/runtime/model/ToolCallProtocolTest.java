package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallProtocolTest {

    private final ToolCallProtocol protocol = ToolCallProtocol.of(PaymentTools.ALL, true);

    @Test
    void validCallBecomesAToolExecutionRequest() throws Exception {
        var parsed = protocol.parse(" {\"tool\": \"send_payment\", \"arguments\": {\"to\": \"0xabc\", \"amount\": 5000, \"asset\": \"ETH\"}} ");

        assertThat(parsed).isInstanceOf(ToolCallProtocol.Parsed.Call.class);
        var call = ((ToolCallProtocol.Parsed.Call) parsed).request();
        assertThat(call.name()).isEqualTo("send_payment");
        assertThat(new ObjectMapper().readTree(call.arguments()).get("amount").asLong()).isEqualTo(5000);
        assertThat(call.id()).startsWith("call_");
    }

    @Test
    void answerIsText() {
        assertThat(protocol.parse("{\"answer\": \"Your balance is 3 ETH.\"}"))
                .isEqualTo(new ToolCallProtocol.Parsed.Answer("Your balance is 3 ETH."));
        assertThat(ToolCallProtocol.of(PaymentTools.ALL, false).parse("{\"answer\": \"hi\"}"))
                .isInstanceOf(ToolCallProtocol.Parsed.Invalid.class);
    }

    @Test
    void amountAsStringOrFractionIsRejected() {
        assertThat(errors("{\"tool\":\"send_payment\",\"arguments\":{\"to\":\"0x1\",\"amount\":\"5000\",\"asset\":\"ETH\"}}"))
                .singleElement().asString().contains("amount").contains("must be a integer");
        assertThat(errors("{\"tool\":\"send_payment\",\"arguments\":{\"to\":\"0x1\",\"amount\":1.5,\"asset\":\"ETH\"}}"))
                .singleElement().asString().contains("amount");
    }

    @Test
    void unknownToolMissingArgumentExtraPropertyAndBadEnumAreRejected() {
        assertThat(errors("{\"tool\":\"drain_wallet\",\"arguments\":{}}")).singleElement().asString().contains("unknown tool drain_wallet");
        assertThat(errors("{\"tool\":\"pay_invoice\",\"arguments\":{}}")).singleElement().asString().contains("missing required property invoice");
        assertThat(errors("{\"tool\":\"pay_invoice\",\"arguments\":{\"invoice\":\"lnbc1\",\"max_fee\":1000000}}"))
                .singleElement().asString().contains("unknown property max_fee");
        assertThat(errors("{\"tool\":\"get_balance\",\"arguments\":{\"asset\":\"DOGE\"}}"))
                .singleElement().asString().contains("must be one of");
        assertThat(errors("{\"tool\":\"paid_fetch\",\"arguments\":{\"url\":\"https://x\",\"max_price_sat\":5,\"headers\":[1]}}"))
                .singleElement().asString().contains("headers[0]");
    }

    @Test
    void halfWrittenOrTrailingJsonIsNeverACall() {
        assertThat(errors("{\"tool\":\"send_payment\",\"arguments\":{\"to\":\"0x1\",\"amount\":5")).singleElement().asString()
                .contains("not one complete JSON object");
        assertThat(errors("{\"tool\":\"get_balance\",\"arguments\":{\"asset\":\"ETH\"}} {\"tool\":\"get_balance\"}"))
                .isNotEmpty();
        assertThat(errors("{\"tool\":\"get_balance\",\"tool\":\"send_payment\",\"arguments\":{\"asset\":\"ETH\"}}")).isNotEmpty();
        assertThat(errors("[1,2]")).isNotEmpty();
    }

    private java.util.List<String> errors(String output) {
        var parsed = protocol.parse(output);
        assertThat(parsed).isInstanceOf(ToolCallProtocol.Parsed.Invalid.class);
        return ((ToolCallProtocol.Parsed.Invalid) parsed).errors();
    }

    @Test
    void theLongestCallTheGrammarAdmitsFitsTheBoundItsBudgetComesFrom() {
        // Every string at its longest, every character a six-byte escape, every array full, one space per gap:
        // the worst a sampler constrained by the grammar can write. A budget below it cut such calls short.
        ToolCallProtocol required = ToolCallProtocol.of(PaymentTools.ALL, false, 48);
        String s = "\"" + "\\u00e9".repeat(48) + "\"";
        String headers = String.join(", ", java.util.Collections.nCopies(JsonSchemaGrammar.DEFAULT_MAX_ITEMS, s));
        String longest = "{ \"tool\" : \"paid_fetch\" , \"arguments\" : { \"url\" : " + s
                + ", \"max_price_sat\" : 999999999999999999, \"headers\" : [ " + headers + " ] } }";

        assertThat(required.parse(longest)).isInstanceOf(ToolCallProtocol.Parsed.Call.class);
        assertThat(required.maxCallBytes()).isPresent();
        assertThat(required.maxCallBytes().getAsLong()).isGreaterThanOrEqualTo(longest.length());
        assertThat(required.maxCallBytes().getAsLong()).isGreaterThan(LlamaChatModel.TOOL_CALL_MIN_TOKENS);
        assertThat(ToolCallProtocol.of(PaymentTools.ALL, true, 48).maxCallBytes()).as("an allowed text answer does not count")
                .isEqualTo(required.maxCallBytes());
    }
}
