package dev.bursar.runtime.store;

/**
 * An authenticated caller of the runtime's API.
 */
public record User(String id, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
