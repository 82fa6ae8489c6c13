package dev.bursar.runtime.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a GGUF is loaded: context size (shared by {@code parallel} slots, each gets {@code contextSize / parallel}),
 * slot count, how many requests may wait beyond the slots, GPU layers (0 = CPU only), CPU threads.
 */
public record LocalModelOptions(Path path, int contextSize, int parallel, int queueCapacity, int gpuLayers,
                                int threads, Duration retryAfter) {

    public LocalModelOptions {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (contextSize < 256) {
            throw new IllegalArgumentException("contextSize must be at least 256 tokens: " + contextSize);
        }
        if (parallel < 1 || contextSize / parallel < 128) {
            throw new IllegalArgumentException("parallel must be at least 1 and leave each slot 128 tokens: " + parallel);
        }
        if (queueCapacity < 0 || gpuLayers < 0 || threads < 1) {
            throw new IllegalArgumentException("queueCapacity and gpuLayers must be >= 0, threads >= 1");
        }
    }

    /** 4096 tokens, 2 slots, 8 waiting, CPU only, all cores. */
    public static LocalModelOptions defaults(Path path) {
        return new LocalModelOptions(path, 4096, 2, 8, 0, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2));
    }

    /** Tokens of context one request can use. */
    public int slotContext() {
        return contextSize / parallel;
    }

    public LocalModelOptions withContextSize(int v) {
        return new LocalModelOptions(path, v, parallel, queueCapacity, gpuLayers, threads, retryAfter);
    }

    public LocalModelOptions withParallel(int v) {
        return new LocalModelOptions(path, contextSize, v, queueCapacity, gpuLayers, threads, retryAfter);
    }

    public LocalModelOptions withQueueCapacity(int v) {
        return new LocalModelOptions(path, contextSize, parallel, v, gpuLayers, threads, retryAfter);
    }

    public LocalModelOptions withGpuLayers(int v) {
        return new LocalModelOptions(path, contextSize, parallel, queueCapacity, v, threads, retryAfter);
    }

    public LocalModelOptions withThreads(int v) {
        return new LocalModelOptions(path, contextSize, parallel, queueCapacity, gpuLayers, v, retryAfter);
    }
}
