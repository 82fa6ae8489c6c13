package dev.bursar.l402.header;

import dev.bursar.l402.macaroon.Macaroon;
import dev.bursar.l402.macaroon.MacaroonFormatException;

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
     * Parses the L402 credential among {@code Authorization} header values; like Aperture, the last L402/LSAT value
     * wins. Returns null when no value uses those schemes.
     */
    public static L402Authorization fromHeaders(List<String> values) {
        L402Authorization found = null;
        for (String v : values) {
            if (v == null) {
                continue;
            }
            String trimmed = v.trim();
            String scheme = trimmed.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (!scheme.equals("L402") && !scheme.equals("LSAT")) {
                continue;
            }
            Matcher m = HEADER.matcher(trimmed);
            if (!m.matches()) {
                throw new MacaroonFormatException("malformed L402 Authorization header: expected 'L402 <base64 macaroon>:<64 hex preimage>'");
            }
            if (m.group(3).length() != 64) {
                throw new MacaroonFormatException("the L402 preimage must be 64 hex digits, got " + m.group(3).length());
            }
            found = new L402Authorization(Macaroon.fromBase64(m.group(2)), HexFormat.of().parseHex(m.group(3).toLowerCase(Locale.ROOT)));
        }
        return found;
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
