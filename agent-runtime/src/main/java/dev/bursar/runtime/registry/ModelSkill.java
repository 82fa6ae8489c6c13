package dev.bursar.runtime.registry;

import dev.bursar.registry.a2a.A2aRequest;
import dev.bursar.registry.a2a.A2aResult;
import dev.bursar.registry.a2a.A2aWork;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A published skill answered by the agent's own model, with no tools and no memory: another agent's task is text to
 * answer, never a way to reach the agent's wallet.
 */
final class ModelSkill implements A2aWork {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final StreamingChatModel model;
    private final String instructions;

    ModelSkill(StreamingChatModel model, String agentName, String skillDescription) {
        this.model = model;
        this.instructions = "You are " + agentName + ". Another agent hired you for this: " + skillDescription
                + ". Do only that task with the text you are given and answer with the result alone.";
    }

    @Override
    public A2aResult perform(A2aRequest request) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(ChatRequest.builder().messages(SystemMessage.from(instructions), UserMessage.from(request.text())).build(),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                        // the whole answer is taken at the end
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
        try {
            String text = done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).aiMessage().text();
            return new A2aResult(text == null ? "" : text.strip(), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the model answered", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the model did not answer (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
