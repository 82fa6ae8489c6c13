package dev.bursar.l402.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory up to a limit and gives up (cancelling the transfer) past it, so a seller cannot
 * exhaust the buyer's heap with an endless body.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body went past the limit; nothing beyond it was kept. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("the response body is larger than " + limit + " bytes");
        }
    }

    private final HttpResponse.BodySubscriber<byte[]> delegate = HttpResponse.BodySubscribers.ofByteArray();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final long limit;
    private Flow.Subscription subscription;
    private long received;
    private boolean stopped;

    private BoundedBody(long limit) {
        this.limit = limit;
        delegate.getBody().whenComplete((bytes, error) -> {
            if (error != null) {
                body.completeExceptionally(error);
            } else {
                body.complete(bytes);
            }
        });
    }

    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new BoundedBody(limit);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        delegate.onSubscribe(s);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (stopped) {
            return;
        }
        for (ByteBuffer b : items) {
            received += b.remaining();
        }
        if (received > limit) {
            stopped = true;
            subscription.cancel();
            body.completeExceptionally(new TooLargeException(limit));
            return;
        }
        delegate.onNext(items);
    }

    @Override
    public void onError(Throwable t) {
        if (!stopped) {
            delegate.onError(t);
        }
    }

    @Override
    public void onComplete() {
        if (!stopped) {
            delegate.onComplete();
        }
    }
}
