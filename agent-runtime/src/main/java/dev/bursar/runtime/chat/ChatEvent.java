package dev.bursar.runtime.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One event of a chat turn as the UI and CLI receive it: a piece of the reply ({@code token}), a tool call with its
 * outcome ({@code tool}), a payment waiting for approval ({@code approval}), the end of the turn ({@code done}) or
 * an error ({@code error}). Holds no secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatEvent(String type, String text, String tool, String arguments, String result, Boolean failed,
                        String paymentId) {

    public static ChatEvent token(String text) {
        return new ChatEvent("token", text, null, null, null, null, null);
    }

    public static ChatEvent tool(String tool, String arguments, String result, boolean failed) {
        return new ChatEvent("tool", null, tool, arguments, result, failed, null);
    }

    public static ChatEvent approval(String paymentId, String message) {
        return new ChatEvent("approval", message, null, null, null, null, paymentId);
    }

    public static ChatEvent done(String reply) {
        return new ChatEvent("done", reply, null, null, null, null, null);
    }

    public static ChatEvent error(String message) {
        return new ChatEvent("error", message, null, null, null, null, null);
    }
}
