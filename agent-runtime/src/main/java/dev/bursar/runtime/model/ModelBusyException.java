package dev.bursar.runtime.model;

import java.time.Duration;

/**
 * Every slot of a local model is busy and its wait queue is full. Nothing was generated; retry after
 * {@link #retryAfter()} (the runtime answers 503 with {@code Retry-After}).
 */
public final class ModelBusyException extends ModelException {

    private final Duration retryAfter;

    public ModelBusyException(String model, int inFlight, Duration retryAfter) {
        super("model " + model + " is busy (" + inFlight + " requests running or queued); retry after "
                + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
