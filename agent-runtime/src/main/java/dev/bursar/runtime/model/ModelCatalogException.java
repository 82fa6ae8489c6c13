package dev.bursar.runtime.model;

/** The model catalog names a model it cannot provide: unknown name, missing file, bad provider settings. */
public final class ModelCatalogException extends ModelException {

    public ModelCatalogException(String message) {
        super(message);
    }

    public ModelCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
