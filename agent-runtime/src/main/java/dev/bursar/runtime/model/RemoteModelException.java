package dev.bursar.runtime.model;

/**
 * A remote model provider failed a request; each subtype names the cause and what to change. Messages carry the
 * model, provider and endpoint and the provider's own error text with any key redacted, never a key.
 */
public abstract sealed class RemoteModelException extends ModelException
        permits ModelAuthenticationException, ModelRateLimitException, ModelServerException, ModelTimeoutException,
        ModelRequestRejectedException {

    private final String modelName;

    protected RemoteModelException(String modelName, String message) {
        super(message);
        this.modelName = modelName;
    }

    /** The catalog name of the model that failed. */
    public String modelName() {
        return modelName;
    }
}
