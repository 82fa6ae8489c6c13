package dev.bursar.runtime.model;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Local generation through {@link LlamaChatModel} against java-llama.cpp's own {@code generate} on the same GGUF,
 * prompt, seed and sampling: full replies of up to 32 tokens, time to first token, and prompt processing of a long
 * prompt (one output token, no prompt cache). Needs the devnet model ({@code bursar devnet up} or any devnet IT).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LocalModelBenchmark {

    private static final String QUESTION = "Explain in a few sentences why a wallet needs a spending limit.";
    private static final int MAX_TOKENS = 32;
    private static final int SEED = 42;

    private LocalModel model;
    private LlamaChatModel chat;
    private ChatRequest request;
    private String templated;
    private String longPrompt;

    @Setup
    public void setUp() {
        String threads = System.getProperty("bench.threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        model = LocalModelRegistry.shared().load(LocalModelSpec.defaultModel("bench").options()
                .withContextSize(4096).withParallel(1).withThreads(Integer.parseInt(threads)));
        chat = LlamaChatModel.builder().model(model).seed(SEED).temperature(0.7).topP(0.95).maxTokens(MAX_TOKENS).build();
        request = ChatRequest.builder().messages(UserMessage.from(QUESTION)).build();
        templated = ChatPrompt.template(model, ChatPrompt.entries(List.of(UserMessage.from(QUESTION)), null));
        longPrompt = ChatPrompt.template(model, ChatPrompt.entries(List.of(UserMessage.from(
                "Summarise: " + "Every payment is journaled before it is sent, and reconciled after a crash. ".repeat(40))), null));
        ChatResponse r = chat.chat(request);
        System.out.printf("%n[bench] cpus=%d threads=%s gpu=%s prompt=%d tokens, reply=%d tokens, long prompt=%d tokens%n",
                Runtime.getRuntime().availableProcessors(), threads, model.onGpu(),
                r.tokenUsage().inputTokenCount(), r.tokenUsage().outputTokenCount(), model.countTokens(longPrompt));
    }

    private InferenceParameters direct(String prompt, int nPredict) {
        return new InferenceParameters(prompt).setNPredict(nPredict).setTemperature(0.7f).setTopP(0.95f)
                .setSeed(SEED).setCachePrompt(false);
    }

    @Benchmark
    public String chatModelReply() {
        return chat.chat(request).aiMessage().text();
    }

    @Benchmark
    public String directReply() {
        StringBuilder out = new StringBuilder();
        model.llama().generate(direct(templated, MAX_TOKENS)).forEach(o -> out.append(o.text));
        return out.toString();
    }

    @Benchmark
    public String chatModelFirstToken() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        chat.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                first.complete(partial.text());
                context.streamingHandle().cancel();
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        String text = first.get(60, TimeUnit.SECONDS);
        done.get(60, TimeUnit.SECONDS);
        return text;
    }

    @Benchmark
    public String directFirstToken() {
        LlamaIterator it = model.llama().generate(direct(templated, MAX_TOKENS)).iterator();
        String text = it.next().text;
        it.cancel();
        return text;
    }

    @Benchmark
    public String promptProcessing() {
        return model.llama().complete(direct(longPrompt, 1));
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }

}
