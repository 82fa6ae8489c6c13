package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** ABI encoding and decoding of the ERC-20 calls the wallet makes. */
@SuppressWarnings("rawtypes") // web3j's FunctionReturnDecoder returns a raw List<Type>
final class Erc20Calls {

    private Erc20Calls() {
    }

    static String transfer(EvmAddress to, BigInteger amount) {
        return FunctionEncoder.encode(new Function("transfer", List.of(new Address(to.lowerCase()), new Uint256(amount)), List.of()));
    }

    static String approve(EvmAddress spender, BigInteger amount) {
        return FunctionEncoder.encode(new Function("approve", List.of(new Address(spender.lowerCase()), new Uint256(amount)), List.of()));
    }

    static String balanceOf(EvmAddress owner) {
        return FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner.lowerCase())), List.of()));
    }

    static String allowance(EvmAddress owner, EvmAddress spender) {
        return FunctionEncoder.encode(new Function("allowance",
                List.of(new Address(owner.lowerCase()), new Address(spender.lowerCase())), List.of()));
    }

    static String decimals() {
        return FunctionEncoder.encode(new Function("decimals", List.of(), List.of()));
    }

    static String symbol() {
        return FunctionEncoder.encode(new Function("symbol", List.of(), List.of()));
    }

    static String name() {
        return FunctionEncoder.encode(new Function("name", List.of(), List.of()));
    }

    /** EIP-3009 tokens (USDC and the like) name their EIP-712 domain version here. */
    static String version() {
        return FunctionEncoder.encode(new Function("version", List.of(), List.of()));
    }

    static String authorizationState(EvmAddress authorizer, byte[] nonce) {
        return FunctionEncoder.encode(new Function("authorizationState",
                List.of(new Address(authorizer.lowerCase()), new org.web3j.abi.datatypes.generated.Bytes32(nonce)), List.of()));
    }

    static Optional<Boolean> decodeBool(String returned) {
        List<Type> values = decode(returned, new TypeReference<org.web3j.abi.datatypes.Bool>() { });
        return values.isEmpty() ? Optional.empty() : Optional.of((Boolean) values.get(0).getValue());
    }

    static Optional<BigInteger> decodeUint(String returned) {
        List<Type> values = decode(returned, new TypeReference<Uint256>() { });
        return values.isEmpty() ? Optional.empty() : Optional.of((BigInteger) values.get(0).getValue());
    }

    static Optional<Integer> decodeDecimals(String returned) {
        List<Type> values = decode(returned, new TypeReference<Uint8>() { });
        return values.isEmpty() ? Optional.empty() : Optional.of(((BigInteger) values.get(0).getValue()).intValueExact());
    }

    /** A string symbol, or the bytes32 symbol some early tokens return. */
    /** An ABI string as returned, unstripped (an EIP-712 domain field must be signed byte for byte). */
    static Optional<String> decodeString(String returned) {
        try {
            List<Type> values = decode(returned, new TypeReference<Utf8String>() { });
            return values.isEmpty() ? Optional.empty() : Optional.of((String) values.get(0).getValue()).filter(s -> !s.isEmpty());
        } catch (RuntimeException notAString) {
            return Optional.empty();
        }
    }

    static Optional<String> decodeSymbol(String returned) {
        try {
            List<Type> values = decode(returned, new TypeReference<Utf8String>() { });
            if (!values.isEmpty()) {
                return Optional.of((String) values.get(0).getValue()).map(String::strip).filter(s -> !s.isEmpty());
            }
        } catch (RuntimeException notAString) {
            // fall through to bytes32
        }
        List<Type> values = decode(returned, new TypeReference<Bytes32>() { });
        if (values.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = (byte[]) values.get(0).getValue();
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return Optional.of(new String(raw, 0, end, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static List<Type> decode(String returned, TypeReference<?> type) {
        return FunctionReturnDecoder.decode(returned, (List) List.of(type));
    }
}
