package dev.bursar.l402.header;

import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An L402 credential: a paid macaroon and the 32-byte preimage of its invoice, sent as
 * {@code Authorization: L402 <base64 macaroon>:<hex preimage>} (standard base64 with padding, lower-case hex, as
 * Aperture's parser requires).
 */
public record L402Authorization(Macaroon macaroon, byte[] preimage) {

    private static final Pattern HEADER = Pattern.compile("(?i)(L402|LSAT)\\s+([A-Za-z0-9+/_=-]+):([0-9a-fA-F]+)\\s*");
    /** A comma before a new scheme: proxies and fetch join repeated header lines with ", " (base64 has no comma). */
    private static final Pattern JOINED = Pattern.compile(",\\s*(?=[A-Za-z][A-Za-z0-9-]*\\s)");

    public L402Authorization {
        if (preimage == null || preimage.length != 32) {
            throw new MacaroonFormatException("an L402 preimage is 32 bytes");
        }
        preimage = preimage.clone();
    }

    @Override
    public byte[] preimage() {
        return preimage.clone();
    }

    public String preimageHex() {
        return HexFormat.of().formatHex(preimage);
    }

    /** The header value: {@code L402 <base64>:<hex>}. */
    public String headerValue() {
        return "L402 " + macaroon.toBase64() + ":" + preimageHex();
    }

    /**
     * Parses the L402 credential among {@code Authorization} header values, each of which may hold several
     * comma-joined credentials. Aperture's Go client and lnget send the same credential twice (an {@code LSAT} value,
     * then an {@code L402} one); copies are fine, but two different L402 credentials are refused rather than guessed
     * between. Returns null when no value uses those schemes (see {@link #otherSchemes}).
     *
     * @throws MacaroonFormatException for a malformed L402/LSAT value or conflicting ones; the message never quotes
     *                                 the credential
     */
    public static L402Authorization fromHeaders(List<String> values) {
        L402Authorization found = null;
        for (String credential : credentials(values)) {
            if (!isL402Scheme(scheme(credential))) {
                continue;
            }
            L402Authorization parsed = parse(credential);
            if (found != null && !found.equals(parsed)) {
                throw new MacaroonFormatException("conflicting L402 Authorization headers: they carry different "
                        + "credentials; send one credential (an LSAT and an L402 copy of it are fine)");
            }
            found = parsed;
        }
        return found;
    }

    /** The schemes other than L402/LSAT among {@code Authorization} values (such as {@code Bearer}), for messages. */
    public static List<String> otherSchemes(List<String> values) {
        return credentials(values).stream().map(L402Authorization::scheme).filter(s -> !isL402Scheme(s)).distinct().toList();
    }

    private static L402Authorization parse(String credential) {
        Matcher m = HEADER.matcher(credential);
        if (!m.matches()) {
            throw new MacaroonFormatException("malformed L402 Authorization header: expected 'L402 <base64 macaroon>:<64 hex preimage>'");
        }
        if (m.group(3).length() != 64) {
            throw new MacaroonFormatException("the L402 preimage must be 64 hex digits, got " + m.group(3).length());
        }
        return new L402Authorization(Macaroon.fromBase64(m.group(2)), HexFormat.of().parseHex(m.group(3).toLowerCase(Locale.ROOT)));
    }

    private static List<String> credentials(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            for (String part : JOINED.split(v.trim())) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static String scheme(String credential) {
        return credential.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    }

    private static boolean isL402Scheme(String scheme) {
        return scheme.equals("L402") || scheme.equals("LSAT");
    }

    @Override
    public String toString() {
        return "L402Authorization[" + macaroon + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof L402Authorization a && macaroon.equals(a.macaroon) && java.util.Arrays.equals(preimage, a.preimage);
    }

    @Override
    public int hashCode() {
        return macaroon.hashCode();
    }
}
