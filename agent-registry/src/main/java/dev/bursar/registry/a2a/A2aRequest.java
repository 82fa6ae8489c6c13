package dev.bursar.registry.a2a;

import java.util.Map;
import java.util.Objects;

/**
 * A task a caller sent over A2A, as the serving agent's {@link A2aWork} sees it.
 *
 * @param taskId    the task's id (the server's)
 * @param contextId the conversation it belongs to
 * @param text      the text parts of the caller's message, joined by newlines
 * @param data      the message's metadata merged with its data parts (later keys win); caller-supplied, never trusted
 * @param caller    who sent it, as the HTTP layer authenticated them ("anonymous" when it did not)
 */
public record A2aRequest(String taskId, String contextId, String text, Map<String, Object> data, String caller) {

    public A2aRequest {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(contextId, "contextId");
        Objects.requireNonNull(text, "text");
        data = Map.copyOf(data);
        Objects.requireNonNull(caller, "caller");
    }
}
