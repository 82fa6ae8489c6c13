package dev.bursar.runtime.decide;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * The in-process sentence-embedding model the decision path ranks tools with: all-MiniLM-L6-v2 under ONNX Runtime,
 * its weights and tokenizer inside the jar. DJL's tokenizer is kept offline: it never reaches for the network.
 */
public final class LocalEmbeddings {

    private LocalEmbeddings() {
    }

    /** Loads all-MiniLM-L6-v2 (about a second; share the instance). */
    public static EmbeddingModel allMiniLm() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return new AllMiniLmL6V2EmbeddingModel();
    }
}
