package dev.bursar.l402.header;

import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code WWW-Authenticate} header values into L402 challenges: schemes L402 and LSAT in any case, parameters
 * {@code macaroon=} or {@code token=} and {@code invoice=}, quoted or unquoted, several challenges per line or several
 * lines; other schemes (Basic, Bearer, Payment, ...) are skipped. An L402 challenge that is malformed is an error.
 */
public final class ChallengeParser {

    private ChallengeParser() {
    }

    /** Every L402/LSAT challenge in {@code headerValues}, in order. */
    public static List<L402Challenge> parse(List<String> headerValues) {
        List<L402Challenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            for (RawChallenge raw : split(value)) {
                String scheme = raw.scheme.toUpperCase(Locale.ROOT);
                if (!scheme.equals("L402") && !scheme.equals("LSAT")) {
                    continue;
                }
                String mac = raw.params.getOrDefault("macaroon", raw.params.get("token"));
                String invoice = raw.params.get("invoice");
                if (mac == null || mac.isEmpty()) {
                    throw new MacaroonFormatException(raw.scheme + " challenge without a macaroon (or token) parameter");
                }
                if (invoice == null || invoice.isEmpty()) {
                    throw new MacaroonFormatException(raw.scheme + " challenge without an invoice parameter");
                }
                challenges.add(new L402Challenge(raw.scheme, Macaroon.fromBase64(mac), invoice.trim()));
            }
        }
        return challenges;
    }

    private record RawChallenge(String scheme, Map<String, String> params) {
    }

    /** Splits one header value into challenges: a token not followed by '=' starts a new challenge. */
    private static List<RawChallenge> split(String value) {
        List<RawChallenge> out = new ArrayList<>();
        Lexer lx = new Lexer(value);
        RawChallenge current = null;
        while (lx.skipSeparators()) {
            String token = lx.token();
            if (token.isEmpty()) {
                throw new MacaroonFormatException("malformed WWW-Authenticate header near position " + lx.pos + ": '" + value + "'");
            }
            lx.skipSpaces();
            if (lx.peek() == '=' && current != null) {
                lx.pos++;
                lx.skipSpaces();
                current.params.put(token.toLowerCase(Locale.ROOT), lx.value());
            } else {
                current = new RawChallenge(token, new HashMap<>());
                out.add(current);
            }
        }
        return out;
    }

    /** A small tokenizer for RFC 9110 challenge syntax. */
    private static final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s == null ? "" : s;
        }

        boolean skipSeparators() {
            while (pos < s.length() && (s.charAt(pos) == ',' || Character.isWhitespace(s.charAt(pos)))) {
                pos++;
            }
            return pos < s.length();
        }

        void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        String token() {
            int start = pos;
            while (pos < s.length() && "!#$%&'*+-.^_`|~".indexOf(s.charAt(pos)) >= 0 || pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String value() {
            if (peek() == '"') {
                StringBuilder b = new StringBuilder();
                pos++;
                while (pos < s.length() && s.charAt(pos) != '"') {
                    if (s.charAt(pos) == '\\' && pos + 1 < s.length()) {
                        pos++;
                    }
                    b.append(s.charAt(pos++));
                }
                if (pos >= s.length()) {
                    throw new MacaroonFormatException("unterminated quoted value in WWW-Authenticate header");
                }
                pos++;
                return b.toString();
            }
            if (peek() == '\'') {
                int end = s.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new MacaroonFormatException("unterminated quoted value in WWW-Authenticate header");
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }
    }
}
