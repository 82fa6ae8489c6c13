package dev.bursar.runtime.model;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

import java.util.List;

/** The representative wallet tools the grammar tests use. */
final class PaymentTools {

    private PaymentTools() {
    }

    static final ToolSpecification GET_BALANCE = ToolSpecification.builder().name("get_balance")
            .description("Balance of the agent's wallet in one asset.")
            .parameters(JsonObjectSchema.builder()
                    .addProperty("asset", JsonEnumSchema.builder().enumValues("ETH", "USDC", "BTC").build())
                    .required("asset").additionalProperties(false).build())
            .build();

    static final ToolSpecification SEND_PAYMENT = ToolSpecification.builder().name("send_payment")
            .description("Send an amount in base units of an asset to an address.")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("to", "0x-prefixed EVM address")
                    .addProperty("amount", JsonIntegerSchema.builder().description("amount in base units").build())
                    .addProperty("asset", JsonEnumSchema.builder().enumValues("ETH", "USDC", "BTC").build())
                    .addStringProperty("memo", "optional note")
                    .required("to", "amount", "asset").additionalProperties(false).build())
            .build();

    static final ToolSpecification PAY_INVOICE = ToolSpecification.builder().name("pay_invoice")
            .description("Pay a BOLT11 Lightning invoice.")
            .parameters(JsonObjectSchema.builder().addStringProperty("invoice", "BOLT11 invoice")
                    .required("invoice").additionalProperties(false).build())
            .build();

    static final ToolSpecification PAID_FETCH = ToolSpecification.builder().name("paid_fetch")
            .description("Fetch a URL that may ask for an L402 payment, paying at most max_price_sat.")
            .parameters(JsonObjectSchema.builder().addStringProperty("url", "https URL")
                    .addIntegerProperty("max_price_sat", "highest price in satoshis")
                    .addProperty("headers", JsonArraySchema.builder().items(JsonStringSchema.builder().build()).build())
                    .required("url", "max_price_sat").additionalProperties(false).build())
            .build();

    static final ToolSpecification CHECK_CONTRACT = ToolSpecification.builder().name("check_contract")
            .description("Score a smart contract before paying it.")
            .parameters(JsonObjectSchema.builder().addStringProperty("address", "0x-prefixed EVM address")
                    .required("address").additionalProperties(false).build())
            .build();

    static final List<ToolSpecification> ALL = List.of(GET_BALANCE, SEND_PAYMENT, PAY_INVOICE, PAID_FETCH, CHECK_CONTRACT);
}
