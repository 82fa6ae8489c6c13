package dev.bursar.registry.a2a;

import io.a2a.spec.TaskState;

/** Where an A2A task stands (protocol 0.3's task states); {@link #terminal()} ones never change again. */
public enum A2aTaskState {
    SUBMITTED, WORKING, INPUT_REQUIRED, AUTH_REQUIRED, COMPLETED, CANCELED, FAILED, REJECTED, UNKNOWN;

    /** Whether the task has ended: completed, canceled, failed or rejected. */
    public boolean terminal() {
        return this == COMPLETED || this == CANCELED || this == FAILED || this == REJECTED;
    }

    static A2aTaskState of(TaskState state) {
        return state == null ? UNKNOWN : switch (state) {
            case SUBMITTED -> SUBMITTED;
            case WORKING -> WORKING;
            case INPUT_REQUIRED -> INPUT_REQUIRED;
            case AUTH_REQUIRED -> AUTH_REQUIRED;
            case COMPLETED -> COMPLETED;
            case CANCELED -> CANCELED;
            case FAILED -> FAILED;
            case REJECTED -> REJECTED;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
