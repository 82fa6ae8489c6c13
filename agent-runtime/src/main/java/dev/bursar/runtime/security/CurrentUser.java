package dev.bursar.runtime.security;

import dev.bursar.runtime.store.User;
import jakarta.enterprise.context.RequestScoped;

/**
 * The user the current API request was authenticated as (set by {@link ApiKeyFilter}).
 */
@RequestScoped
public class CurrentUser {

    private User user;

    void set(User user) {
        this.user = user;
    }

    public User get() {
        if (user == null) {
            throw new IllegalStateException("no authenticated user on this request");
        }
        return user;
    }
}
