package dev.bursar.l402.macaroon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The V2 binary format of go-macaroon ({@code packet-v2.go}, {@code marshal-v2.go}): version byte 2, then sections of
 * fields {@code type ‖ uvarint(length) ‖ data} ended by 0 (EOS); field types location=1, identifier=2,
 * verification id=4, signature=6, in increasing order within a section.
 */
final class MacaroonCodec {

    private static final int VERSION = 2;
    private static final int EOS = 0;
    private static final int LOCATION = 1;
    private static final int IDENTIFIER = 2;
    private static final int VERIFICATION_ID = 4;
    private static final int SIGNATURE = 6;

    private MacaroonCodec() {
    }

    static byte[] encodeV2(Macaroon m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        if (!m.location().isEmpty()) {
            field(out, LOCATION, m.location().getBytes(StandardCharsets.UTF_8));
        }
        field(out, IDENTIFIER, m.identifier());
        out.write(EOS);
        for (Caveat c : m.caveats()) {
            if (!c.location().isEmpty()) {
                field(out, LOCATION, c.location().getBytes(StandardCharsets.UTF_8));
            }
            field(out, IDENTIFIER, c.id());
            c.verificationId().ifPresent(vid -> field(out, VERIFICATION_ID, vid));
            out.write(EOS);
        }
        out.write(EOS);
        field(out, SIGNATURE, m.signature());
        return out.toByteArray();
    }

    static Macaroon decodeV2(byte[] data) {
        if (data == null || data.length == 0) {
            throw new MacaroonFormatException("empty macaroon");
        }
        if ((data[0] & 0xff) != VERSION) {
            throw new MacaroonFormatException("unsupported macaroon version " + (data[0] & 0xff) + " (only V2 binary is accepted)");
        }
        Reader r = new Reader(data, 1);
        List<byte[]> header = r.section(LOCATION, IDENTIFIER, "header");
        if (header.get(1) == null) {
            throw new MacaroonFormatException("macaroon has no identifier");
        }
        String location = header.get(0) == null ? "" : new String(header.get(0), StandardCharsets.UTF_8);
        List<Caveat> caveats = new ArrayList<>();
        while (true) {
            if (r.peek() == EOS) {
                r.next();
                break;
            }
            List<byte[]> c = r.section(LOCATION, VERIFICATION_ID, "caveat " + (caveats.size() + 1));
            if (c.get(1) == null) {
                throw new MacaroonFormatException("caveat " + (caveats.size() + 1) + " has no identifier");
            }
            caveats.add(new Caveat(c.get(1), c.get(2), c.get(0) == null ? null : new String(c.get(0), StandardCharsets.UTF_8)));
        }
        int type = r.next();
        if (type != SIGNATURE) {
            throw new MacaroonFormatException("expected the signature field, found field type " + type);
        }
        byte[] sig = r.bytes();
        if (sig.length != Macaroon.SIGNATURE_LENGTH) {
            throw new MacaroonFormatException("signature is " + sig.length + " bytes, expected 32");
        }
        if (r.remaining() != 0) {
            throw new MacaroonFormatException(r.remaining() + " unexpected bytes after the signature");
        }
        return new Macaroon(location, header.get(1), caveats, sig);
    }

    /** Decodes base64 in the standard or URL alphabet, padded or not. */
    static byte[] base64(String text) {
        if (text == null || text.isBlank()) {
            throw new MacaroonFormatException("empty macaroon");
        }
        String t = text.trim();
        try {
            if (t.indexOf('-') >= 0 || t.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(t);
            }
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new MacaroonFormatException("macaroon is not valid base64: " + e.getMessage());
        }
    }

    private static void field(ByteArrayOutputStream out, int type, byte[] data) {
        out.write(type);
        long len = data.length;
        while (len >= 0x80) {
            out.write((int) (len & 0x7f) | 0x80);
            len >>>= 7;
        }
        out.write((int) len);
        out.writeBytes(data);
    }

    /** Reads fields from a V2 packet. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        int remaining() {
            return data.length - pos;
        }

        int peek() {
            if (pos >= data.length) {
                throw new MacaroonFormatException("macaroon ends early");
            }
            return data[pos] & 0xff;
        }

        int next() {
            int b = peek();
            pos++;
            return b;
        }

        byte[] bytes() {
            long len = 0;
            int shift = 0;
            while (true) {
                int b = next();
                len |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 28) {
                    throw new MacaroonFormatException("field length is too large");
                }
            }
            if (len > remaining()) {
                throw new MacaroonFormatException("field of " + len + " bytes runs past the end of the macaroon");
            }
            byte[] out = Arrays.copyOfRange(data, pos, pos + (int) len);
            pos += (int) len;
            return out;
        }

        /** Reads one section up to EOS: slot 0 location, 1 identifier, 2 verification id. */
        List<byte[]> section(int firstAllowed, int lastAllowed, String what) {
            byte[][] slots = new byte[3][];
            int previous = EOS;
            while (true) {
                int type = next();
                if (type == EOS) {
                    break;
                }
                if (type <= previous || type < firstAllowed || type > lastAllowed
                        || type != LOCATION && type != IDENTIFIER && type != VERIFICATION_ID) {
                    throw new MacaroonFormatException("unexpected field type " + type + " in the " + what + " section");
                }
                previous = type;
                byte[] value = bytes();
                slots[type == LOCATION ? 0 : type == IDENTIFIER ? 1 : 2] = value;
            }
            return Arrays.asList(slots);
        }
    }
}
