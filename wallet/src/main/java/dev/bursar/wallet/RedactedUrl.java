package dev.bursar.wallet;

import java.net.URI;

/**
 * A node's URL as messages, logs and the journal may show it: scheme, host and port only, because hosted RPC URLs
 * carry the provider's API key in their path, query or user info.
 */
public final class RedactedUrl {

    private RedactedUrl() {
    }

    /** {@code https://eth.example.com/v2/SECRET} → {@code https://eth.example.com}; anything unparseable → a placeholder. */
    public static String of(String url) {
        if (url == null) {
            return "<no URL>";
        }
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return "<unparseable URL>";
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "<unparseable URL>";
        }
    }
}
