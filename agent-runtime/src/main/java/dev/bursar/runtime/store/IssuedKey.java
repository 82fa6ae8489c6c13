package dev.bursar.runtime.store;

/**
 * A newly created API key, shown to its user once; only its hash is stored.
 */
public record IssuedKey(User user, String apiKey) {

    @Override
    public String toString() {
        return "IssuedKey[user=" + user.id() + "]";
    }
}
