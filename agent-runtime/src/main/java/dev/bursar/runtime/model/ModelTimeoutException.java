package dev.bursar.runtime.model;

/** The provider did not answer within the model's configured timeout on any attempt. */
public final class ModelTimeoutException extends RemoteModelException {

    public ModelTimeoutException(String modelName, String message) {
        super(modelName, message);
    }
}
