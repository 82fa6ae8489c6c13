package dev.bursar.runtime.store;

/**
 * The runtime's database cannot be opened, migrated or used. Messages name the database URL (with any password
 * parameter removed) and never a password.
 */
public final class DatabaseException extends RuntimeException {

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
