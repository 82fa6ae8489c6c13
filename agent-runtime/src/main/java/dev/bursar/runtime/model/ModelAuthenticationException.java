package dev.bursar.runtime.model;

/** The provider rejected the API key (HTTP 401/403); never retried, since the same key fails the same way. */
public final class ModelAuthenticationException extends RemoteModelException {

    public ModelAuthenticationException(String modelName, String message) {
        super(modelName, message);
    }
}
