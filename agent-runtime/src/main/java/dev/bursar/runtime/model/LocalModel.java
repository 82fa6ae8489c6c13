package dev.bursar.runtime.model;

import de.kherud.llama.LlamaModel;

import java.util.concurrent.Semaphore;

/**
 * One loaded GGUF, shared by every agent that uses it (see {@link LocalModelRegistry}). Admits at most
 * {@code parallel + queueCapacity} requests at once; llama.cpp runs {@code parallel} of them in its slots and queues
 * the rest. Never closed: java-llama.cpp 4.2.0 leaks on close, so a model lives as long as the process.
 */
public final class LocalModel {

    private final LocalModelOptions options;
    private final LlamaModel llama;
    private final Semaphore admission;
    private final boolean onGpu;

    LocalModel(LocalModelOptions options, LlamaModel llama, boolean onGpu) {
        this.options = options;
        this.llama = llama;
        this.admission = new Semaphore(options.parallel() + options.queueCapacity(), true);
        this.onGpu = onGpu;
    }

    public LocalModelOptions options() {
        return options;
    }

    /** The file name, used in messages and metrics. */
    public String name() {
        return options.path().getFileName().toString();
    }

    public boolean onGpu() {
        return onGpu;
    }

    LlamaModel llama() {
        return llama;
    }

    public int countTokens(String text) {
        return text.isEmpty() ? 0 : llama.encode(text).length;
    }

    /** Requests admitted right now (running or queued). */
    public int inFlight() {
        return options.parallel() + options.queueCapacity() - admission.availablePermits();
    }

    /** Reserves a place for one request or fails at once with {@link ModelBusyException}. */
    Permit admit() {
        if (!admission.tryAcquire()) {
            throw new ModelBusyException(name(), inFlight(), options.retryAfter());
        }
        return new Permit();
    }

    final class Permit implements AutoCloseable {
        private boolean released;

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                admission.release();
            }
        }
    }
}
