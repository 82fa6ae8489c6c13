package dev.bursar.runtime.model;

/**
 * The system message and the newest message alone do not fit the model's context together with the requested
 * output; older messages were already dropped. Shorten the input or lower max tokens.
 */
public final class ContextOverflowException extends ModelException {

    public ContextOverflowException(String model, int promptTokens, int maxOutputTokens, int contextTokens) {
        super("conversation does not fit model " + model + ": the system message and latest message need "
                + promptTokens + " tokens, plus " + maxOutputTokens + " for the answer, but a request has "
                + contextTokens + " tokens of context");
    }
}
