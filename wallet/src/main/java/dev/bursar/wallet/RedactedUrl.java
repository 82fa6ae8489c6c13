package dev.bursar.wallet;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's URL as messages, logs and the journal may show it: scheme, host and port only, because hosted RPC URLs
 * carry the provider's API key in their path, query or user info.
 */
public final class RedactedUrl {

    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>()]+");

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

    /** Free text (an exception's message, a guard's summary) with every URL in it cut down to scheme://host:port. */
    public static String scrub(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = URL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(of(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
