package dev.bursar.tools;

/**
 * Observes every tool call an agent makes (for the chat UI's tool cards, metrics and audit): the call as validated,
 * and the text returned to the model. Arguments and results hold no secrets.
 */
public interface ToolCallListener {

    /** The call finished; {@code failed} is true when the model received an error message. */
    void completed(String agentId, ToolCall call, String result, boolean failed);
}
