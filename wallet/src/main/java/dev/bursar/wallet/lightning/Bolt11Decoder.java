package dev.bursar.wallet.lightning;

import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.BitcoinNetwork;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads a BOLT11 invoice in-process (bech32 checksum, amount with its multiplier, timestamp, payment hash, description,
 * expiry, and the payee: its {@code n} field or the key recovered from the signature), so that paying needs no
 * {@code DecodePayReq} round trip to the node. A malformed invoice is refused with a reason and nothing else happens.
 * LND reads the same invoice again when it pays; tests compare this reader with LND's on the node's own invoices.
 */
public final class Bolt11Decoder {

    /** What an invoice says, before it is tied to a wallet's asset. */
    public record Invoice(BitcoinNetwork network, long amountMsat, String paymentHash, String payee, String description,
                          long timestamp, long expirySeconds) {
    }

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int SIGNATURE_WORDS = 104;
    private static final int CHECKSUM_WORDS = 6;
    private static final int TIMESTAMP_WORDS = 7;
    private static final long DEFAULT_EXPIRY_SECONDS = 3600;
    private static final BigInteger MAX_MSAT = BigInteger.valueOf(Long.MAX_VALUE);
    /** Ten years: no payee means a longer expiry, and a larger one would overflow the dates it is added to. */
    private static final long MAX_EXPIRY_SECONDS = 10L * 365 * 24 * 3600;

    private Bolt11Decoder() {
    }

    /** Decodes {@code bolt11}; upper case is accepted, mixed case is not (bech32). */
    public static Invoice decode(String bolt11) {
        if (bolt11 == null || bolt11.isBlank()) {
            throw invalid("it is empty");
        }
        String text = bolt11.strip();
        if (!text.equals(text.toLowerCase(Locale.ROOT)) && !text.equals(text.toUpperCase(Locale.ROOT))) {
            throw invalid("it mixes upper and lower case");
        }
        text = text.toLowerCase(Locale.ROOT);
        int separator = text.lastIndexOf('1');
        if (separator < 1) {
            throw invalid("it has no bech32 separator '1'");
        }
        String hrp = text.substring(0, separator);
        if (!hrp.chars().allMatch(c -> c >= 33 && c <= 126)) {
            throw invalid("its prefix has characters outside printable ASCII");
        }
        int[] words = new int[text.length() - separator - 1];
        for (int i = 0; i < words.length; i++) {
            int w = CHARSET.indexOf(text.charAt(separator + 1 + i));
            if (w < 0) {
                throw invalid("'" + text.charAt(separator + 1 + i) + "' is not a bech32 character");
            }
            words[i] = w;
        }
        if (words.length < TIMESTAMP_WORDS + SIGNATURE_WORDS + CHECKSUM_WORDS) {
            throw invalid("it is too short");
        }
        if (polymod(hrp, words) != 1) {
            throw invalid("its bech32 checksum is wrong (a typo or a truncated copy?)");
        }
        BitcoinNetwork network = BitcoinNetwork.ofInvoice(hrp);
        long amountMsat = amount(hrp.substring(network.invoicePrefix().length()));

        int dataEnd = words.length - CHECKSUM_WORDS - SIGNATURE_WORDS;
        long timestamp = number(words, 0, TIMESTAMP_WORDS);
        String paymentHash = null;
        String payee = null;
        String description = "";
        long expiry = DEFAULT_EXPIRY_SECONDS;
        int pos = TIMESTAMP_WORDS;
        while (pos < dataEnd) {
            if (pos + 3 > dataEnd) {
                throw invalid("a tagged field is cut short");
            }
            int type = words[pos];
            int length = words[pos + 1] * 32 + words[pos + 2];
            int start = pos + 3;
            if (start + length > dataEnd) {
                throw invalid("a tagged field runs past the signature");
            }
            int[] field = Arrays.copyOfRange(words, start, start + length);
            switch (type) {
                case 1 -> { // p: payment hash, 52 words; other lengths must be skipped
                    if (length == 52 && paymentHash == null) {
                        paymentHash = HexFormat.of().formatHex(bytes(field, false));
                    }
                }
                case 13 -> description = new String(bytes(field, false), StandardCharsets.UTF_8);
                case 19 -> { // n: payee node id, 53 words
                    if (length == 53) {
                        payee = HexFormat.of().formatHex(bytes(field, false));
                    }
                }
                case 6 -> {
                    expiry = number(field, 0, field.length);
                    if (expiry > MAX_EXPIRY_SECONDS) {
                        throw invalid("its expiry of " + expiry + " seconds is more than ten years");
                    }
                }
                default -> { // other fields (secret, features, routes, fallbacks, cltv, metadata) do not change what is paid to whom
                }
            }
            pos = start + length;
        }
        if (paymentHash == null) {
            throw invalid("it has no payment hash");
        }
        int[] signatureWords = Arrays.copyOfRange(words, dataEnd, dataEnd + SIGNATURE_WORDS);
        byte[] signature = bytes(signatureWords, false);
        byte[] signed = sha256(concat(hrp.getBytes(StandardCharsets.US_ASCII), bytes(Arrays.copyOfRange(words, 0, dataEnd), true)));
        String signer = recover(signature, signed);
        if (payee != null && !payee.equals(signer)) {
            throw invalid("its signature is not the payee's");
        }
        return new Invoice(network, amountMsat, paymentHash, signer, description, timestamp, expiry);
    }

    /** The amount part of the prefix ("2500u", "9678785340p", "" for none) in msat. */
    private static long amount(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        char last = text.charAt(text.length() - 1);
        String digits = isDigit(last) ? text : text.substring(0, text.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> isDigit((char) c)) || digits.charAt(0) == '0') {
            throw invalid("its amount '" + text + "' is not a number without leading zeros and an optional m, u, n or p");
        }
        BigInteger value = new BigInteger(digits);
        BigInteger msat = switch (isDigit(last) ? ' ' : last) {
            case ' ' -> value.multiply(BigInteger.valueOf(100_000_000_000L));
            case 'm' -> value.multiply(BigInteger.valueOf(100_000_000L));
            case 'u' -> value.multiply(BigInteger.valueOf(100_000L));
            case 'n' -> value.multiply(BigInteger.valueOf(100L));
            case 'p' -> {
                if (value.mod(BigInteger.TEN).signum() != 0) {
                    throw invalid("its amount " + text + " is a fraction of a millisatoshi");
                }
                yield value.divide(BigInteger.TEN);
            }
            default -> throw invalid("'" + last + "' is not an amount multiplier (m, u, n or p)");
        };
        if (msat.compareTo(MAX_MSAT) > 0) {
            throw invalid("its amount is too large");
        }
        return msat.longValueExact();
    }

    /** ASCII digits only: {@link Character#isDigit} would accept other scripts' digits. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String recover(byte[] signature, byte[] hash) {
        int recId = signature[64];
        if (recId < 0 || recId > 3) {
            throw invalid("its signature's recovery flag is not 0 to 3");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        BigInteger key;
        try {
            key = Sign.recoverFromSignature(recId, new ECDSASignature(r, s), hash);
        } catch (RuntimeException e) {
            key = null;
        }
        if (key == null) {
            throw invalid("its signature is not recoverable");
        }
        byte[] xy = new byte[64];
        byte[] raw = key.toByteArray();
        int copy = Math.min(raw.length, 64);
        System.arraycopy(raw, raw.length - copy, xy, 64 - copy, copy);
        byte prefix = (byte) ((xy[63] & 1) == 0 ? 0x02 : 0x03);
        return HexFormat.of().formatHex(concat(new byte[] {prefix}, Arrays.copyOfRange(xy, 0, 32)));
    }

    private static long number(int[] words, int from, int count) {
        if (count > 12) {
            throw invalid("a number field is too long");
        }
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 32 + words[i];
        }
        return v;
    }

    /** 5-bit words to bytes; without padding the leftover bits (fewer than 8) are dropped, with padding they are kept. */
    private static byte[] bytes(int[] words, boolean pad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int acc = 0;
        int bits = 0;
        for (int w : words) {
            acc = (acc << 5) | w;
            bits += 5;
            while (bits >= 8) {
                bits -= 8;
                out.write((acc >> bits) & 0xff);
            }
            acc &= (1 << bits) - 1;
        }
        if (pad && bits > 0) {
            out.write((acc << (8 - bits)) & 0xff);
        }
        return out.toByteArray();
    }

    private static int polymod(String hrp, int[] words) {
        int chk = 1;
        int[] expanded = new int[hrp.length() * 2 + 1 + words.length];
        for (int i = 0; i < hrp.length(); i++) {
            expanded[i] = hrp.charAt(i) >> 5;
            expanded[hrp.length() + 1 + i] = hrp.charAt(i) & 31;
        }
        System.arraycopy(words, 0, expanded, hrp.length() * 2 + 1, words.length);
        for (int v : expanded) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static InvalidInputException invalid(String why) {
        return new InvalidInputException("not a valid BOLT11 invoice: " + why);
    }
}
