package dev.bursar.runtime.model;

/** The provider refused the request itself (HTTP 4xx other than 401/403/429: unknown model id, bad parameters). */
public final class ModelRequestRejectedException extends RemoteModelException {

    public ModelRequestRejectedException(String modelName, String message) {
        super(modelName, message);
    }
}
