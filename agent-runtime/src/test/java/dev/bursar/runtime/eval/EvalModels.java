package dev.bursar.runtime.eval;

import dev.bursar.devnet.Devnet;

import java.nio.file.Files;
import java.nio.file.Path;

/** The local models the eval knows by name: the devnet's Gemma 3 270M, SmolLM2 135M, or any GGUF file. */
final class EvalModels {

    private EvalModels() {
    }

    static Path path(String name, Devnet devnet) {
        return switch (name) {
            case "gemma" -> devnet.modelPath();
            case "smollm2" -> dev.bursar.devnet.model.SmolLm2Model.ensure(dev.bursar.devnet.install.BursarCache.fromEnvironment(), System.err);
            default -> {
                Path file = Path.of(name);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("--model takes gemma, smollm2 or the path of a GGUF file; " + name + " is none");
                }
                yield file;
            }
        };
    }
}
