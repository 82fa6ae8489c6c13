package dev.bursar.wallet;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A payment ready to leave the process, recorded in the journal before it does: one record per rail, holding exactly
 * what that rail needs to send or re-send it (a signed raw transaction, or an invoice and its limits). Holds no key.
 */
public sealed interface PreparedPayment permits PreparedPayment.Evm, PreparedPayment.Lightning {

    /** The rail the payment goes over: {@value Evm#RAIL} or {@value Lightning#RAIL}. */
    String rail();

    /** What the payment will be known by: the transaction hash (0x-hex) or the payment hash (hex). */
    String reference();

    /**
     * A signed EIP-1559 transaction ready to broadcast, with the fields it was signed with, so that it can be re-sent
     * byte for byte or replaced with higher fees.
     *
     * @param transactionHash the keccak-256 hash of {@code rawTransaction} (0x-hex): the payment's reference
     * @param rawTransaction the signed transaction, 0x-hex
     * @param nonce the sender's nonce the transaction uses
     * @param from the account that signed it
     * @param chainId the chain it is signed for
     * @param to the transaction's recipient (the token contract for an ERC-20 payment)
     * @param value the native coin it carries, in wei
     * @param gasLimit the most gas it may use
     * @param maxFeePerGas the most it pays per gas, in wei
     * @param maxPriorityFeePerGas the tip per gas, in wei
     * @param assetId the {@link Asset#id()} of the asset the payment moves
     * @param idempotencyKey the intent's idempotency key
     * @param replaces for a fee bump, the hash of the transaction this one replaces
     */
    record Evm(String transactionHash, String rawTransaction, long nonce, EvmAddress from, long chainId, EvmAddress to,
               BigInteger value, BigInteger gasLimit, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas,
               String assetId, String idempotencyKey, Optional<String> replaces) implements PreparedPayment {

        /** The rail name of EVM payments, as the journal records it. */
        public static final String RAIL = "evm";
        private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");

        public Evm {
            requireText(transactionHash, "transactionHash");
            if (rawTransaction == null || !HEX.matcher(rawTransaction).matches()) {
                throw new InvalidInputException("rawTransaction must be 0x-hex, got '" + rawTransaction + "'");
            }
            if (nonce < 0) {
                throw new InvalidInputException("nonce must be zero or more, got " + nonce);
            }
            Objects.requireNonNull(from, "from");
            if (chainId <= 0) {
                throw new InvalidInputException("chainId must be positive, got " + chainId);
            }
            Objects.requireNonNull(to, "to");
            requireUnsigned(value, "value");
            requireUnsigned(gasLimit, "gasLimit");
            requireUnsigned(maxFeePerGas, "maxFeePerGas");
            requireUnsigned(maxPriorityFeePerGas, "maxPriorityFeePerGas");
            requireText(assetId, "assetId");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            replaces = replaces == null ? Optional.empty() : replaces;
        }

        @Override
        public String rail() {
            return RAIL;
        }

        @Override
        public String reference() {
            return transactionHash;
        }

        private static void requireUnsigned(BigInteger n, String name) {
            if (n == null || n.signum() < 0) {
                throw new InvalidInputException(name + " must be zero or more, got " + n);
            }
        }
    }

    /**
     * A BOLT11 invoice ready to pay through LND's router, with exactly the fee limit and timeout it is sent with.
     *
     * @param paymentHash the invoice's payment hash (hex): the payment's reference
     * @param invoice the BOLT11 invoice
     * @param feeLimitMsat the most routing fees may cost, in msat
     * @param timeoutSeconds how long the router may keep trying, in seconds
     */
    record Lightning(String paymentHash, String invoice, long feeLimitMsat, long timeoutSeconds) implements PreparedPayment {

        /** The rail name of Lightning payments, as the journal records it. */
        public static final String RAIL = "lightning";

        public Lightning {
            requireText(paymentHash, "paymentHash");
            requireText(invoice, "invoice");
            if (feeLimitMsat < 0) {
                throw new InvalidInputException("feeLimitMsat must be zero or more, got " + feeLimitMsat);
            }
            if (timeoutSeconds < 1 || timeoutSeconds > Integer.MAX_VALUE) {
                throw new InvalidInputException("timeoutSeconds must be 1.." + Integer.MAX_VALUE + ", got " + timeoutSeconds);
            }
        }

        @Override
        public String rail() {
            return RAIL;
        }

        @Override
        public String reference() {
            return paymentHash;
        }
    }

    private static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new InvalidInputException(name + " is missing");
        }
    }
}
