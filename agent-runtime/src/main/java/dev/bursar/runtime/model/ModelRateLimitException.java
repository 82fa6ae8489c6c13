package dev.bursar.runtime.model;

/** The provider still answered HTTP 429 after every retry the model's retry policy allows. */
public final class ModelRateLimitException extends RemoteModelException {

    public ModelRateLimitException(String modelName, String message) {
        super(modelName, message);
    }
}
