package dev.bursar.runtime.model;

import java.util.List;

/**
 * The model proposed a tool call that failed validation twice (the first error was sent back to it once).
 * Nothing was executed. {@link #rawOutput()} is the model's last text, for the transcript.
 */
public final class InvalidToolCallException extends ModelException {

    private final String rawOutput;
    private final List<String> errors;

    public InvalidToolCallException(String rawOutput, List<String> errors) {
        super("the model's tool call is invalid and was not executed: " + String.join("; ", errors));
        this.rawOutput = rawOutput;
        this.errors = List.copyOf(errors);
    }

    public String rawOutput() {
        return rawOutput;
    }

    public List<String> errors() {
        return errors;
    }
}
