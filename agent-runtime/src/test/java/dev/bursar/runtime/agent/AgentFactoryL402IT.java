package dev.bursar.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.l402.lnd.LndInvoiceIssuer;
import dev.bursar.l402.server.FileRootKeyStore;
import dev.bursar.l402.server.L402Authority;
import dev.bursar.l402.server.L402Gate;
import dev.bursar.l402.server.L402HttpHandler;
import dev.bursar.l402.server.PricedService;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime wires an agent's L402 client from its definition: an agent file with a Lightning wallet (alice), an
 * {@code l402} block and the {@code l402} plugin gets {@code paid_fetch}, which pays bob's L402 API through the agent's
 * guarded wallet and keeps the token under the data directory. The model is scripted to make the one tool call.
 */
@WithDevnet({Component.LIGHTNING})
class AgentFactoryL402IT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Proposes one paid_fetch call, as a model would; what the tool returns ends the turn. */
    private record OneToolCall(String url, AtomicReference<List<ToolSpecification>> offered) implements StreamingChatModel {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            offered.set(request.toolSpecifications());
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("t1")
                    .name("paid_fetch").arguments("{\"url\":\"" + url + "\"}").build())).build());
        }
    }

    @Test
    void anAgentDefinitionWithAnL402BlockPaysThroughItsGuardedWallet(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bobNode = devnet.lightning().bob();
        LightningWallet bob = LightningWallet.builder().network(BitcoinNetwork.REGTEST).connection(LndConnection.builder()
                .host(bobNode.grpcHost()).port(bobNode.grpcPort()).tlsCert(bobNode.tlsCert()).macaroon(bobNode.adminMacaroon()).build()).build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        PricedService quotes = new PricedService("quotes", 0, List.of(), 7, Duration.ofHours(1));
        server.createContext("/quotes", new L402HttpHandler(new L402Gate(new L402Authority(new FileRootKeyStore(dir.resolve("roots")),
                Clock.systemUTC()), new LndInvoiceIssuer(bob, Duration.ofMinutes(10))), quotes, e -> quotes.priceSats(), exchange -> {
            byte[] body = "{\"quote\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/quotes/today";
        AgentDefinition definition = new AgentDefinitionParser().parse("""
                id: buyer
                name: Buyer
                owner: demo
                model: scripted
                plugins: {l402: ['net:paid-fetch']}
                wallets:
                  lightning: {host: %s, port: %d, tlsCert: %s, macaroon: %s, network: regtest}
                policy: {maxPerTransaction: ['50 sat']}
                l402: {maxPriceSats: 20, allowedHosts: [127.0.0.1], hostBudgetSats: 100, hostBudgetWindow: PT1H}
                """.formatted(alice.grpcHost(), alice.grpcPort(), alice.tlsCert(), alice.adminMacaroon()), "agents/buyer.yaml");
        AtomicReference<List<ToolSpecification>> offered = new AtomicReference<>();
        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            Path data = dir.resolve("data");
            RunningAgent agent = new AgentFactory(name -> new OneToolCall(url, offered), ledger, new InMemoryChatMemoryStore(),
                    List.of(), List.of(), 1, data).build(definition);

            CompletableFuture<String> toolResult = new CompletableFuture<>();
            agent.assistant().chat("c1", "get today's quote from " + url).onPartialResponse(t -> { })
                    .onToolExecuted(e -> toolResult.complete(e.result()))
                    .onCompleteResponse(r -> toolResult.complete("no tool ran"))
                    .onError(toolResult::completeExceptionally).start();
            JsonNode result = JSON.readTree(toolResult.get(2, TimeUnit.MINUTES));

            assertThat(offered.get()).extracting(ToolSpecification::name).containsExactly("paid_fetch");
            assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(200);
            assertThat(result.path("body").asText()).isEqualTo("{\"quote\":7}");
            assertThat(result.path("paid_sats").asLong()).isEqualTo(7);
            assertThat(ledger.all()).singleElement().satisfies(e -> {
                assertThat(e.state()).isEqualTo(EntryState.SUCCEEDED);
                assertThat(e.intent().agentId()).isEqualTo("buyer");
            });
            assertThat(data.resolve("l402/buyer.tokens")).as("one token file per agent under the data directory").exists();
            assertThat(Files.readString(data.resolve("l402/buyer.tokens"))).contains("/quotes");
        } finally {
            server.stop(0);
        }
    }
}
