package dev.bursar.ranking;

import org.web3j.crypto.Hash;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/** The little ABI this module needs: selectors, 32-byte words, addresses in and out. */
final class Abi {

    private static final HexFormat HEX = HexFormat.of();
    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private Abi() {
    }

    /** {@code 0x} + the first 4 bytes of keccak256(signature). */
    static String selector(String signature) {
        return "0x" + HEX.formatHex(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII)), 0, 4);
    }

    static String topic(String signature) {
        return "0x" + HEX.formatHex(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII)));
    }

    static String word(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }

    static String word(String address) {
        return "0".repeat(24) + strip(address).toLowerCase(java.util.Locale.ROOT);
    }

    static String strip(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }

    /** The address in a 32-byte word (as returned by a getter or a storage slot), if the data holds one. */
    static Optional<String> addressFromWord(String data) {
        String h = strip(data == null ? "" : data);
        if (h.length() < 64) {
            return Optional.empty();
        }
        String w = h.substring(0, 64);
        if (!w.substring(0, 24).chars().allMatch(c -> c == '0')) {
            return Optional.empty();
        }
        return Optional.of("0x" + w.substring(24).toLowerCase(java.util.Locale.ROOT));
    }

    static Optional<BigInteger> uintFromWord(String data) {
        String h = strip(data == null ? "" : data);
        if (h.length() < 64) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(h.substring(0, 64), 16));
    }

    static boolean isZeroAddress(String address) {
        return ZERO_ADDRESS.equalsIgnoreCase(address);
    }

    /** Decodes an address[] return value. */
    static java.util.List<String> addressArray(String data) {
        String h = strip(data == null ? "" : data);
        java.util.List<String> out = new java.util.ArrayList<>();
        if (h.length() < 128) {
            return out;
        }
        int offset = new BigInteger(h.substring(0, 64), 16).intValueExact() * 2;
        int n = new BigInteger(h.substring(offset, offset + 64), 16).intValueExact();
        if (n > 1000 || h.length() < offset + 64 + n * 64) {
            throw new RankingException("an address[] answer is malformed or larger than 1000 entries");
        }
        for (int i = 0; i < n; i++) {
            int s = offset + 64 + i * 64;
            out.add("0x" + h.substring(s + 24, s + 64).toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }
}
