package dev.bursar.l402.server;

/**
 * The JSON body of a 401/402 answer, {@code {"error":"<message>"}}, shared by the JDK HTTP handler and the Jakarta
 * REST filter so both speak the same way to clients.
 */
public final class L402ErrorBody {

    /** The media type of the body. */
    public static final String CONTENT_TYPE = "application/json";

    private L402ErrorBody() {
    }

    /** {@code {"error":"<message>"}} with JSON string escaping (quotes, backslashes, control characters). */
    public static String json(String message) {
        StringBuilder b = new StringBuilder("{\"error\":\"");
        for (char c : message.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append("\"}").toString();
    }
}
