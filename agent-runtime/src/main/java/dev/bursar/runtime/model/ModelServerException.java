package dev.bursar.runtime.model;

/** The provider failed (HTTP 5xx, an error event, a broken or refused connection) on every attempt. */
public final class ModelServerException extends RemoteModelException {

    public ModelServerException(String modelName, String message) {
        super(modelName, message);
    }
}
