package dev.bursar.runtime.model;

/** Base of every failure of the model layer; each subtype says what the caller can do about it. */
public class ModelException extends RuntimeException {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
