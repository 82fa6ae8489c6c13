package dev.bursar.registry.a2a;

/**
 * The work an agent does for A2A callers. It runs on the server's worker threads; the text it receives is another
 * agent's data, so an implementation must never let it move money.
 */
@FunctionalInterface
public interface A2aWork {

    /**
     * Does the task and returns its result, or refuses it with a reason the caller can act on; any other exception fails
     * the task with a generic message (its text is not sent back, it may hold internals).
     */
    A2aResult perform(A2aRequest request) throws A2aWorkRefusedException;
}
