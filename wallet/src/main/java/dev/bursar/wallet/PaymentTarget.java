package dev.bursar.wallet;

import dev.bursar.wallet.value.EvmAddress;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a {@link PaymentIntent} sends value: an EVM transfer (native or ERC-20 by the amount's asset), an ERC-20
 * approval, a contract call with value, a signed EIP-3009 transfer authorization, or a Lightning invoice.
 */
public sealed interface PaymentTarget {

    /** The recipient as policies see it: an EIP-55 address, or the invoice's payee once decoded. */
    String describe();

    /** Sends the amount's asset (ETH or an ERC-20 token) to an address. */
    record EvmTransfer(EvmAddress to) implements PaymentTarget {
        @Override
        public String describe() {
            return to.value();
        }
    }

    /** Lets {@code spender} move up to the amount of an ERC-20 token. */
    record Erc20Approval(EvmAddress spender) implements PaymentTarget {
        @Override
        public String describe() {
            return "approve " + spender.value();
        }
    }

    /** Calls a contract with ABI-encoded {@code callData} (0x-hex) and the amount as native value. */
    record ContractCall(EvmAddress contract, String callData) implements PaymentTarget {
        private static final Pattern HEX = Pattern.compile("0x([0-9a-fA-F]{2})*");

        public ContractCall {
            if (contract == null) {
                throw new InvalidInputException("a contract call needs the contract's address");
            }
            if (callData == null || !HEX.matcher(callData).matches() || callData.length() < 10) {
                throw new InvalidInputException("call data must be 0x-prefixed hex with at least a 4-byte selector");
            }
            callData = callData.toLowerCase(Locale.ROOT);
        }

        @Override
        public String describe() {
            return "call " + contract.value() + " " + callData.substring(0, 10);
        }
    }

    /**
     * Signs an EIP-3009 {@code TransferWithAuthorization} of the amount's token to {@code to}, valid for
     * {@code validFor} from signing: the payee (an x402 seller, through its facilitator) submits it and pays the gas.
     */
    record TransferAuthorization(EvmAddress to, Duration validFor) implements PaymentTarget {
        /** The longest an authorization may stay open: the seller could submit it any time until then. */
        public static final Duration MAX_VALIDITY = Duration.ofHours(1);

        public TransferAuthorization {
            if (to == null) {
                throw new InvalidInputException("a transfer authorization needs the payee's address");
            }
            if (validFor == null || validFor.toSeconds() < 1 || validFor.compareTo(MAX_VALIDITY) > 0) {
                throw new InvalidInputException("a transfer authorization must be valid for 1 s to " + MAX_VALIDITY.toMinutes()
                        + " min, got " + validFor);
            }
        }

        @Override
        public String describe() {
            return "authorize " + to.value();
        }
    }

    /** Pays a BOLT11 invoice over Lightning. */
    record LightningInvoice(String bolt11) implements PaymentTarget {
        public LightningInvoice {
            if (bolt11 == null || bolt11.isBlank()) {
                throw new InvalidInputException("a BOLT11 invoice is required");
            }
            bolt11 = bolt11.trim();
            if (bolt11.regionMatches(true, 0, "lightning:", 0, 10)) {
                bolt11 = bolt11.substring(10);
            }
            bolt11 = bolt11.toLowerCase(Locale.ROOT);
        }

        @Override
        public String describe() {
            return "invoice " + bolt11.substring(0, Math.min(24, bolt11.length())) + "...";
        }
    }
}
