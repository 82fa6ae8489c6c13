package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.InvalidInputException;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Off-chain signatures with one {@link EvmKeys}: EIP-191 personal messages and EIP-712 typed data, returned as
 * 65-byte {@code r || s || v} hex with {@code v} 27 or 28.
 */
public final class EvmSigner {

    private final EvmKeys keys;

    public EvmSigner(EvmKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Signs {@code message} with the EIP-191 prefix ("\x19Ethereum Signed Message:\n" + length). */
    public String signMessage(byte[] message) {
        Objects.requireNonNull(message, "message");
        return toHex(Sign.signPrefixedMessage(message, keys.keyPair()));
    }

    /** Signs a UTF-8 text message with the EIP-191 prefix. */
    public String signMessage(String message) {
        return signMessage(Objects.requireNonNull(message, "message").getBytes(StandardCharsets.UTF_8));
    }

    /** Signs EIP-712 typed data given as the standard JSON ({@code types}, {@code primaryType}, {@code domain}, {@code message}). */
    public String signTypedData(String typedDataJson) {
        byte[] digest = typedDataDigest(typedDataJson);
        return toHex(Sign.signMessage(digest, keys.keyPair(), false));
    }

    /** The EIP-712 digest ({@code keccak256(0x1901 || domainSeparator || hashStruct(message))}) of typed data JSON. */
    public static byte[] typedDataDigest(String typedDataJson) {
        if (typedDataJson == null || typedDataJson.isBlank()) {
            throw new InvalidInputException("EIP-712 typed data JSON is required");
        }
        try {
            return new StructuredDataEncoder(typedDataJson).hashStructuredData();
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("not valid EIP-712 typed data: " + e.getMessage(), e);
        }
    }

    /** The address that signed. */
    public EvmAddress address() {
        return keys.address();
    }

    private static String toHex(Sign.SignatureData sig) {
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return Numeric.toHexString(out);
    }
}
