package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Grammar-constrained tool calls on the real model: every call parses and validates, whatever the model picks. */
@WithDevnet({Component.MODEL})
class ToolCallIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalModel gemma;

    @BeforeAll
    static void load(Devnet devnet) {
        gemma = LocalModels.gemma(devnet);
    }

    private static final Map<String, List<String>> PROMPTS = Map.of(
            "get_balance", List.of("What is my ETH balance?", "How much USDC do I have?", "Check my bitcoin balance.",
                    "Show the balance of BTC.", "Do I have enough ETH left?"),
            "send_payment", List.of("Send 5000 wei of ETH to 0x52908400098527886E0F7030069857D2E4169EE7.",
                    "Pay 12 USDC to 0x8617E340B3D01FA5F11F306F4090FD50E238070D.",
                    "Transfer 1000 ETH base units to 0xde709f2102306220921060314715629080e2fb77.",
                    "Send 3 BTC sats to 0x27b1fdb04752bbc536007a920d24acb045561c26 with memo rent."),
            "pay_invoice", List.of("Pay this invoice: lnbcrt10u1pjexampleinvoice", "Please settle lnbcrt500n1pjabcdef.",
                    "Pay the lightning invoice lnbcrt1m1pjzzzz now."),
            "paid_fetch", List.of("Fetch https://api.example.com/weather and pay at most 100 sats.",
                    "Get https://data.example.org/prices, max price 20 sat.",
                    "Download https://example.com/report for up to 5 satoshis."),
            "check_contract", List.of("Is contract 0x5FbDB2315678afecb367f032d93F642f64180aa3 safe?",
                    "Check the contract at 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512.",
                    "Score 0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0 before I pay it."));

    @Test
    void everyToolCallParsesAndValidatesAcrossSeededPrompts() throws Exception {
        // For each tool of the set, N seeded prompts (its own prompts cycled over seeds), all tools offered: the issue's
        // 20 per tool by default (about 10 minutes on 2 CPU cores); -Dbursar.toolcall.prompts=N for a quicker local run.
        int perTool = Integer.getInteger("bursar.toolcall.prompts", 20);
        List<Callable<ChatResponse>> jobs = new ArrayList<>();
        for (ToolSpecification tool : PaymentTools.ALL) {
            List<String> prompts = PROMPTS.get(tool.name());
            for (int i = 0; i < perTool; i++) {
                String prompt = prompts.get(i % prompts.size());
                int seed = 1000 + i;
                jobs.add(() -> LlamaChatModel.builder().model(gemma).seed(seed).temperature(0.7).maxTokens(128)
                        .maxToolStringLength(48).build()
                        .chat(ChatRequest.builder().messages(UserMessage.from(prompt))
                                .toolSpecifications(PaymentTools.ALL).toolChoice(ToolChoice.REQUIRED).build()));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        int calls = 0;
        int chosenAsAsked = 0;
        try {
            List<Future<ChatResponse>> results = pool.invokeAll(jobs);
            for (int j = 0; j < results.size(); j++) {
                ChatResponse r;
                try {
                    r = results.get(j).get();
                } catch (ExecutionException e) {
                    // Show what the model wrote: a cut-off call means the token budget fell below the grammar's bound.
                    String raw = e.getCause() instanceof InvalidToolCallException inv ? inv.rawOutput() : "";
                    throw new AssertionError("job %d failed: %s; output (%d chars): %s"
                            .formatted(j, e.getCause(), raw.length(), raw), e.getCause());
                }
                assertThat(r.aiMessage().hasToolExecutionRequests()).as("job %d", j).isTrue();
                ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
                ToolSpecification spec = PaymentTools.ALL.stream().filter(t -> t.name().equals(call.name()))
                        .findFirst().orElseThrow();
                JsonNode args = JSON.readTree(call.arguments());
                assertThat(JsonSchemaValidator.validate(ToolCallProtocol.schemaOf(spec), args))
                        .as("%s %s", call.name(), call.arguments()).isEmpty();
                calls++;
                if (call.name().equals(PaymentTools.ALL.get(j / perTool).name())) {
                    chosenAsAsked++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("tool calls: %d valid of %d; the model picked the intended tool in %d%n", calls, jobs.size(), chosenAsAsked);
        assertThat(calls).isEqualTo(PaymentTools.ALL.size() * perTool);
    }

    @Test
    void withToolChoiceAutoTheModelMayAnswerInText() {
        ChatResponse r = LlamaChatModel.builder().model(gemma).seed(4).maxTokens(48).build()
                .chat(ChatRequest.builder().messages(UserMessage.from("Say hello to me, do not call any tool."))
                        .toolSpecifications(PaymentTools.ALL).build());

        if (r.aiMessage().hasToolExecutionRequests()) {
            ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
            assertThat(PaymentTools.ALL).anyMatch(t -> t.name().equals(call.name()));
        } else {
            assertThat(r.aiMessage().text()).isNotNull().doesNotStartWith("{");
        }
        assertThat(r.tokenUsage().inputTokenCount()).isGreaterThan(100);
    }
}
