package dev.bursar.examples.dao;

/** A governance read, simulation or vote that could not be done; the message says what and why. */
public class GovernanceException extends RuntimeException {

    public GovernanceException(String message) {
        super(message);
    }

    public GovernanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
