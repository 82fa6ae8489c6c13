package dev.bursar.runtime.model;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithDevnet({Component.MODEL})
class LlamaChatModelIT {

    private static LocalModel gemma;

    @BeforeAll
    static void load(Devnet devnet) {
        gemma = LocalModels.gemma(devnet);
    }

    private static LlamaChatModel model(int maxTokens, Integer seed) {
        return LlamaChatModel.builder().model(gemma).maxTokens(maxTokens).seed(seed).temperature(0.8).build();
    }

    @Test
    void loadsOncePerFileAndGeneratesWithTokenUsage(Devnet devnet) {
        assertThat(LocalModels.gemma(devnet)).isSameAs(gemma);
        assertThat(LocalModelRegistry.shared().load(LocalModelOptions.defaults(devnet.modelPath().getParent()
                .resolve(".").resolve(devnet.modelPath().getFileName())))).isSameAs(gemma);

        ChatResponse r = model(24, 7).chat(ChatRequest.builder()
                .messages(UserMessage.from("What is the capital of France? Answer in one word.")).build());

        // Gemma 3 270M Q4 is tiny and often just rambles: assert that it answers, not what.
        assertThat(r.aiMessage().text()).isNotBlank();
        assertThat(r.tokenUsage().inputTokenCount()).isBetween(10, 60);
        assertThat(r.tokenUsage().outputTokenCount()).isBetween(1, 24);
        assertThat(r.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
    }

    @Test
    void sameSeedGivesSameReplyAndMaxTokensBoundsIt(Devnet devnet) {
        ChatRequest req = ChatRequest.builder().messages(UserMessage.from("Tell me a short story about a cat.")).build();
        LocalModel single = LocalModels.singleSlotGemma(devnet);
        String a = LlamaChatModel.builder().model(single).maxTokens(20).seed(1234).temperature(0.8).build().chat(req).aiMessage().text();
        String b = LlamaChatModel.builder().model(single).maxTokens(20).seed(1234).temperature(0.8).build().chat(req).aiMessage().text();
        ChatResponse c = model(20, 99).chat(req);

        assertThat(a).isNotBlank().isEqualTo(b);
        assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(c.tokenUsage().outputTokenCount()).isLessThanOrEqualTo(21);
    }

    @Test
    void stopSequenceEndsTheReply() {
        ChatRequest req = ChatRequest.builder().messages(UserMessage.from("List five fruits.")).build();
        String free = model(40, 21).chat(req).aiMessage().text();
        String[] words = free.strip().split("\\s+");
        assertThat(words.length).isGreaterThan(3);
        String stop = words[2];
        String expected = free.substring(0, free.indexOf(stop));

        ChatResponse r = LlamaChatModel.builder().model(gemma).maxTokens(40).seed(21).temperature(0.8)
                .stopSequences(List.of(stop)).build().chat(req);

        assertThat(r.aiMessage().text()).isEqualTo(expected).doesNotContain(stop);
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void streamsTokensThatAddUpToTheReply() throws Exception {
        List<String> parts = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model(30, 5).chat(ChatRequest.builder().messages(UserMessage.from("Describe the sea.")).build(),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                        parts.add(partial);
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
        ChatResponse r = done.get(120, TimeUnit.SECONDS);

        assertThat(parts).hasSizeGreaterThan(3);
        assertThat(String.join("", parts)).isEqualTo(r.aiMessage().text());
    }

    @Test
    void cancellingAStreamStopsIt() throws Exception {
        List<String> parts = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model(400, 5).chat(ChatRequest.builder().messages(UserMessage.from("Write a long essay about money.")).build(),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                        parts.add(partial.text());
                        if (parts.size() == 5) {
                            context.streamingHandle().cancel();
                        }
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
        ChatResponse r = done.get(60, TimeUnit.SECONDS);

        assertThat(parts).hasSize(5);
        assertThat(r.finishReason()).isEqualTo(FinishReason.OTHER);
        assertThat(gemma.inFlight()).isZero();
    }

    @Test
    void conversationLongerThanTheContextDropsOldTurnsInsteadOfCrashing() {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from("You are terse. The secret word is PELICAN."));
        for (int i = 0; i < 120; i++) {
            messages.add(UserMessage.from("Message " + i + ": " + "the ledger must balance and every coin is counted. ".repeat(4)));
            messages.add(AiMessage.from("Noted " + i + "."));
        }
        messages.add(UserMessage.from("What is the secret word? Answer with the word only."));
        int full = gemma.countTokens(ChatPrompt.template(gemma, ChatPrompt.entries(messages, null)));
        assertThat(full).isGreaterThan(gemma.options().slotContext() * 2);

        ChatResponse r = model(16, 11).chat(ChatRequest.builder().messages(messages).build());

        assertThat(r.tokenUsage().inputTokenCount()).isLessThanOrEqualTo(gemma.options().slotContext() - 16);
        assertThat(r.aiMessage().text()).isNotBlank();
    }

    @Test
    void aSingleMessageLargerThanTheContextIsATypedError() {
        String huge = "coin ".repeat(3000);
        assertThatThrownBy(() -> model(16, 1).chat(ChatRequest.builder().messages(UserMessage.from(huge)).build()))
                .isInstanceOf(ContextOverflowException.class)
                .hasMessageContaining("does not fit");
        assertThat(gemma.inFlight()).isZero();
        assertThat(model(8, 1).chat("Say hi.")).isNotBlank();
    }

    @Test
    void missingOrCorruptGgufIsATypedErrorNamingTheFile(Devnet devnet, @TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.gguf");
        assertThatThrownBy(() -> LocalModelRegistry.shared().load(LocalModelOptions.defaults(missing)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("nope.gguf").hasMessageContaining("no such file");

        Path text = Files.writeString(dir.resolve("notes.gguf"), "hello, not a model");
        assertThatThrownBy(() -> LocalModelRegistry.shared().load(LocalModelOptions.defaults(text)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("notes.gguf").hasMessageContaining("GGUF magic");

        Path truncated = dir.resolve("truncated.gguf");
        try (InputStream in = Files.newInputStream(devnet.modelPath()); OutputStream out = Files.newOutputStream(truncated)) {
            out.write(in.readNBytes(2 * 1024 * 1024));
        }
        assertThatThrownBy(() -> LocalModelRegistry.shared().load(LocalModelOptions.defaults(truncated).withThreads(1)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("truncated.gguf").hasMessageContaining("truncated");

        // The JVM and the loaded model survive.
        assertThat(model(8, 2).chat("Say hi.")).isNotBlank();
    }
}
