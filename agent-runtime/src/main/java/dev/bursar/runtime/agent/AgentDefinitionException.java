package dev.bursar.runtime.agent;

/**
 * An agent definition that cannot be used: malformed YAML, an unknown or missing field, an unreadable key file, a
 * policy amount in an unknown unit. The message names the file (or agent) and the field.
 */
public class AgentDefinitionException extends RuntimeException {

    public AgentDefinitionException(String message) {
        super(message);
    }

    public AgentDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
