package dev.bursar.runtime.model;

import dev.bursar.devnet.Devnet;

/** The one Gemma 3 270M load that every integration test of this JVM shares (a GGUF is never loaded twice). */
final class LocalModels {

    private LocalModels() {
    }

    /**
     * A second load of Gemma with a single slot, from a copy of the file (the registry loads a path once): on a
     * multi-slot model, where earlier requests left the KV cache laid out differently, llama.cpp's floating-point
     * results (and so the samples a seed picks) can differ; one request at a time on a fresh model is reproducible.
     */
    static synchronized LocalModel singleSlotGemma(Devnet devnet) {
        try {
            java.nio.file.Path copy = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "bursar-gemma-single-slot.gguf");
            if (!java.nio.file.Files.exists(copy) || java.nio.file.Files.size(copy) != java.nio.file.Files.size(devnet.modelPath())) {
                java.nio.file.Files.copy(devnet.modelPath(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return LocalModelRegistry.shared().load(LocalModelOptions.defaults(copy).withContextSize(2048).withParallel(1)
                    .withQueueCapacity(4).withThreads(2));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot copy the model for a single-slot load", e);
        }
    }

    static LocalModel gemma(Devnet devnet) {
        return LocalModelRegistry.shared().load(LocalModelOptions.defaults(devnet.modelPath())
                .withContextSize(16384).withParallel(8).withQueueCapacity(4).withThreads(2));
    }
}
