package dev.bursar.runtime.model;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;

/**
 * A remote {@link ChatModel} that retries what its {@link RetryPolicy} allows (429, 5xx, timeouts, refused
 * connections) with backoff and turns every failure into a typed {@link RemoteModelException}.
 */
final class RetryingChatModel implements ChatModel {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingChatModel.class);

    private final ChatModel delegate;
    private final RemoteModelSpec spec;
    private final RemoteModelErrors errors;

    RetryingChatModel(ChatModel delegate, RemoteModelSpec spec) {
        this.delegate = delegate;
        this.spec = spec;
        this.errors = new RemoteModelErrors(spec);
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        return withRetries(() -> delegate.chat(request, options));
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return withRetries(() -> delegate.doChat(request));
    }

    private ChatResponse withRetries(java.util.function.Supplier<ChatResponse> call) {
        RetryPolicy retry = spec.retry();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                RemoteModelErrors.Kind kind = RemoteModelErrors.kind(e);
                if (!kind.retryable() || attempt > retry.maxRetries()) {
                    throw errors.translate(e, attempt);
                }
                Duration wait = retry.backoff(attempt);
                LOG.warn("model '{}' failed ({}), retry {}/{} in {} ms", spec.name(), kind, attempt, retry.maxRetries(),
                        wait.toMillis());
                sleep(wait, e, attempt);
            }
        }
    }

    private void sleep(Duration wait, RuntimeException cause, int attempt) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw errors.translate(cause, attempt);
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
