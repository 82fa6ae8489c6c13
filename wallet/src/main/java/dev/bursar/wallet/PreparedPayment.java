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
public sealed interface PreparedPayment permits PreparedPayment.Evm, PreparedPayment.Authorization, PreparedPayment.Lightning {

    /** The rail the payment goes over: {@value Evm#RAIL}, {@value Authorization#RAIL} or {@value Lightning#RAIL}. */
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
    /**
     * A signed EIP-3009 {@code TransferWithAuthorization}, journaled before its signature leaves the process; a retry
     * sends these same bytes again, and reconciliation asks the token's {@code authorizationState(from, nonce)}.
     *
     * @param nonce       the authorization's random 32-byte nonce (0x-hex): the payment's reference, never reused
     * @param token       the EIP-3009 token contract (the EIP-712 verifying contract)
     * @param domainName  the token's EIP-712 domain name, as signed
     * @param domainVersion the token's EIP-712 domain version, as signed
     * @param validAfter  the authorization is void until after this epoch second
     * @param validBefore the authorization is void from this epoch second on
     * @param signature   the 65-byte signature (0x-hex, r|s|v)
     */
    record Authorization(String nonce, long chainId, EvmAddress token, String domainName, String domainVersion, EvmAddress from,
                         EvmAddress to, BigInteger value, long validAfter, long validBefore, String signature, String assetId,
                         String idempotencyKey) implements PreparedPayment {

        /** The rail name of EIP-3009 authorizations, as the journal records it. */
        public static final String RAIL = "eip3009";
        private static final Pattern NONCE = Pattern.compile("0x[0-9a-f]{64}");
        private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");

        public Authorization {
            if (nonce == null || !NONCE.matcher(nonce).matches()) {
                throw new InvalidInputException("an authorization nonce is 32 bytes of lower-case 0x-hex, got '" + nonce + "'");
            }
            if (chainId <= 0) {
                throw new InvalidInputException("chainId must be positive, got " + chainId);
            }
            Objects.requireNonNull(token, "token");
            requireText(domainName, "domainName");
            requireText(domainVersion, "domainVersion");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (value == null || value.signum() <= 0) {
                throw new InvalidInputException("an authorization moves a positive value, got " + value);
            }
            if (validAfter < 0 || validBefore <= validAfter) {
                throw new InvalidInputException("the authorization's window is empty: valid after " + validAfter + ", before " + validBefore);
            }
            if (signature == null || !SIGNATURE.matcher(signature).matches()) {
                throw new InvalidInputException("an authorization signature is 65 bytes of 0x-hex");
            }
            requireText(assetId, "assetId");
            requireText(idempotencyKey, "idempotencyKey");
        }

        @Override
        public String rail() {
            return RAIL;
        }

        @Override
        public String reference() {
            return nonce;
        }
    }

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
