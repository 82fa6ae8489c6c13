package dev.bursar.registry.a2a;

/**
 * Thrown by {@link A2aWork} to refuse a task (unpaid, unknown skill, malformed input); the task ends {@code rejected}
 * and the caller sees the message, so it must say what the caller can change.
 */
public final class A2aWorkRefusedException extends Exception {

    public A2aWorkRefusedException(String message) {
        super(message);
    }
}
