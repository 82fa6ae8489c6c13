package dev.bursar.runtime.model;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithDevnet({Component.MODEL})
class ConcurrencyIT {

    private static LocalModel gemma;

    @BeforeAll
    static void load(Devnet devnet) {
        gemma = LocalModels.gemma(devnet);
    }

    @Test
    void eightParallelRequestsEachGetTheirOwnAnswer() throws Exception {
        // Each request asks the model to repeat a unique code; the grammar-free reply must carry its own code only.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String code = "ZX" + (4100 + i * 7);
            answers.add(pool.submit(() -> LlamaChatModel.builder().model(gemma).seed(1).temperature(0).maxTokens(24)
                    .build().chat(ChatRequest.builder().messages(UserMessage.from(
                            "Repeat exactly this code and nothing else: " + code)).build()).aiMessage().text()));
        }
        int own = 0;
        for (int i = 0; i < 8; i++) {
            String text = answers.get(i).get(180, TimeUnit.SECONDS);
            for (int j = 0; j < 8; j++) {
                if (j != i) {
                    assertThat(text).as("answer %d", i).doesNotContain("ZX" + (4100 + j * 7));
                }
            }
            own += text.contains("ZX" + (4100 + i * 7)) ? 1 : 0;
        }
        pool.shutdown();
        System.out.println("parallel answers echoing their own code: " + own + "/8");
        assertThat(own).isGreaterThanOrEqualTo(6);
        assertThat(gemma.inFlight()).isZero();
    }

    @Test
    void pastSlotsPlusQueueTheModelIsBusy() throws Exception {
        int capacity = gemma.options().parallel() + gemma.options().queueCapacity();
        LlamaChatModel model = LlamaChatModel.builder().model(gemma).seed(2).maxTokens(64).build();
        CountDownLatch started = new CountDownLatch(capacity);
        List<CompletableFuture<ChatResponse>> streams = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            streams.add(done);
            model.chat(ChatRequest.builder().messages(UserMessage.from("Tell a long story number " + i)).build(),
                    new StreamingChatResponseHandler() {
                        @Override
                        public void onCompleteResponse(ChatResponse response) {
                            done.complete(response);
                        }

                        @Override
                        public void onError(Throwable error) {
                            done.completeExceptionally(error);
                        }
                    });
            started.countDown();
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> model.chat("One more?"))
                .isInstanceOf(ModelBusyException.class)
                .hasMessageContaining("busy")
                .satisfies(e -> assertThat(((ModelBusyException) e).retryAfter()).isPositive());

        for (CompletableFuture<ChatResponse> s : streams) {
            s.get(180, TimeUnit.SECONDS);
        }
        assertThat(gemma.inFlight()).isZero();
        assertThat(model.chat("Now?")).isNotNull();
    }
}
