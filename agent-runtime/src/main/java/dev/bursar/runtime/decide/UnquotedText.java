package dev.bursar.runtime.decide;

import java.util.regex.Pattern;

/**
 * The user's message without the text they quote: a quoted email, a sentence to translate or a command shown as an
 * example is something the user talks about, not something they ask for, so it fills no tool argument.
 */
final class UnquotedText {

    /** A quote opens after the start, a space, a colon or a bracket, and closes before the end, a space or punctuation. */
    private static final Pattern QUOTED = Pattern.compile(
            "(?<=^|[\\s:(\\[])(?:\"[^\"]*\"|“[^”]*”|'[^']*'(?=$|[\\s.,!?;:)\\]])|‘[^’]*’|`[^`]*`)");

    private UnquotedText() {
    }

    static String of(String message) {
        return message == null ? "" : QUOTED.matcher(message).replaceAll(" … ");
    }
}
