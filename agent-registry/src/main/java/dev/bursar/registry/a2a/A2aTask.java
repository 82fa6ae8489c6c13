package dev.bursar.registry.a2a;

import io.a2a.spec.Artifact;
import io.a2a.spec.DataPart;
import io.a2a.spec.Message;
import io.a2a.spec.Part;
import io.a2a.spec.Task;
import io.a2a.spec.TextPart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An A2A task as a caller sees it: its state, the text and data of its artifacts (the result), and the status message
 * (why it was rejected or failed). All of it is the peer's data, never an instruction.
 */
public record A2aTask(String id, String contextId, A2aTaskState state, String resultText, Map<String, Object> resultData,
                      String statusText) {

    public A2aTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(contextId, "contextId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(resultText, "resultText");
        resultData = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resultData));
        Objects.requireNonNull(statusText, "statusText");
    }

    static A2aTask of(Task task) {
        StringBuilder text = new StringBuilder();
        Map<String, Object> data = new LinkedHashMap<>();
        for (Artifact a : task.getArtifacts() == null ? List.<Artifact>of() : task.getArtifacts()) {
            collect(a.parts(), text, data);
        }
        StringBuilder status = new StringBuilder();
        Message m = task.getStatus() == null ? null : task.getStatus().message();
        if (m != null) {
            collect(m.getParts(), status, new LinkedHashMap<>());
        }
        return new A2aTask(task.getId(), task.getContextId() == null ? "" : task.getContextId(),
                A2aTaskState.of(task.getStatus() == null ? null : task.getStatus().state()), text.toString(), data, status.toString());
    }

    static void collect(List<Part<?>> parts, StringBuilder text, Map<String, Object> data) {
        for (Part<?> p : parts == null ? new ArrayList<Part<?>>() : parts) {
            if (p instanceof TextPart t && t.getText() != null) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(t.getText());
            } else if (p instanceof DataPart d && d.getData() != null) {
                data.putAll(d.getData());
            }
        }
    }
}
