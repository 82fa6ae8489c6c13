package dev.bursar.runtime.model;

import dev.bursar.devnet.Devnet;

/** The one Gemma 3 270M load that every integration test of this JVM shares (a GGUF is never loaded twice). */
final class LocalModels {

    private LocalModels() {
    }

    static LocalModel gemma(Devnet devnet) {
        return LocalModelRegistry.shared().load(LocalModelOptions.defaults(devnet.modelPath())
                .withContextSize(8192).withParallel(8).withQueueCapacity(4).withThreads(2));
    }
}
