package dev.bursar.runtime.model;

import java.nio.file.Path;

/** A GGUF could not be loaded: missing, unreadable, not a GGUF, or rejected by llama.cpp. Names the file. */
public final class ModelLoadException extends ModelException {

    private final Path file;

    public ModelLoadException(Path file, String reason) {
        super("cannot load model " + file + ": " + reason);
        this.file = file;
    }

    public ModelLoadException(Path file, String reason, Throwable cause) {
        super("cannot load model " + file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
