package dev.bursar.runtime.store;

/**
 * What a user may do: a USER drives their own agents, conversations and approvals; an ADMIN also manages agents and
 * their policies.
 */
public enum Role {
    USER,
    ADMIN
}
