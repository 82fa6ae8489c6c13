package dev.bursar.runtime.model;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A remote {@link StreamingChatModel} that retries a failed stream with backoff as long as it delivered nothing
 * yet (a 429 or 5xx answer, a timeout waiting for the first byte); once a token or tool call reached the caller the
 * stream cannot be replayed, so the error is final. Every error reaches the handler as a {@link RemoteModelException}.
 */
final class RetryingStreamingChatModel implements StreamingChatModel {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingStreamingChatModel.class);

    private final StreamingChatModel delegate;
    private final RemoteModelSpec spec;
    private final RemoteModelErrors errors;

    RetryingStreamingChatModel(StreamingChatModel delegate, RemoteModelSpec spec) {
        this.delegate = delegate;
        this.spec = spec;
        this.errors = new RemoteModelErrors(spec);
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        attempt(h -> delegate.chat(request, options, h), handler, 1);
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        attempt(h -> delegate.doChat(request, h), handler, 1);
    }

    private void attempt(Consumer<StreamingChatResponseHandler> call, StreamingChatResponseHandler handler, int attempt) {
        Attempt current = new Attempt(handler, attempt, error -> {
            RemoteModelErrors.Kind kind = RemoteModelErrors.kind(error);
            if (!kind.retryable() || attempt > spec.retry().maxRetries()) {
                handler.onError(errors.translate(error, attempt));
                return;
            }
            Duration wait = spec.retry().backoff(attempt);
            LOG.warn("model '{}' stream failed before its first token ({}), retry {}/{} in {} ms", spec.name(), kind,
                    attempt, spec.retry().maxRetries(), wait.toMillis());
            CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(call, handler, attempt + 1));
        });
        try {
            call.accept(current);
        } catch (RuntimeException e) {
            current.onError(e);
        }
    }

    /** Forwards one attempt's events and remembers whether any reached the caller. */
    private final class Attempt implements StreamingChatResponseHandler {

        private final StreamingChatResponseHandler target;
        private final int number;
        private final Consumer<Throwable> failedBeforeOutput;
        private volatile boolean emitted;

        Attempt(StreamingChatResponseHandler target, int number, Consumer<Throwable> failedBeforeOutput) {
            this.target = target;
            this.number = number;
            this.failedBeforeOutput = failedBeforeOutput;
        }

        @Override
        public void onPartialResponse(String partialResponse) {
            emitted = true;
            target.onPartialResponse(partialResponse);
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            emitted = true;
            target.onPartialResponse(partialResponse, context);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            emitted = true;
            target.onPartialThinking(partialThinking);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            emitted = true;
            target.onPartialThinking(partialThinking, context);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            emitted = true;
            target.onPartialToolCall(partialToolCall);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            emitted = true;
            target.onPartialToolCall(partialToolCall, context);
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            emitted = true;
            target.onCompleteToolCall(completeToolCall);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            target.onCompleteResponse(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            if (emitted) {
                target.onError(errors.translate(error, number));
            } else {
                failedBeforeOutput.accept(error);
            }
        }
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }
}
