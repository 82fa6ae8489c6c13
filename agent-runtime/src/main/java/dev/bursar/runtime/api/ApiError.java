package dev.bursar.runtime.api;

/**
 * The JSON body of every API error: one message a user can act on, never a stack trace or a secret.
 */
public record ApiError(String error) {
}
