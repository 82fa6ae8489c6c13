package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed data an EIP-3009 authorization is signed over hashes to what EIP-712 and EIP-3009 define, computed here
 * by hand from the type strings, so a token's {@code transferWithAuthorization} recovers our address.
 */
class TransferAuthorizationTypedDataTest {

    private static final EvmKeys ANVIL_0 = EvmKeys.fromPrivateKey("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static final EvmAddress TOKEN = EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static final EvmAddress TO = EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final String NONCE = "0x" + "5e".repeat(32);

    private static byte[] word(org.web3j.abi.datatypes.Type<?> t) {
        return Numeric.hexStringToByteArray(TypeEncoder.encode(t));
    }

    private static byte[] keccak(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return Hash.sha3(out.toByteArray());
    }

    @Test
    void theDigestIsEip712OfTransferWithAuthorizationAndRecoversTheSigner() throws Exception {
        var domain = new TransferAuthorizationWallet.Domain("Dev USD Coin", "2", 31337, TOKEN);
        String json = TransferAuthorizationWallet.typedData(domain, ANVIL_0.address(), TO, BigInteger.valueOf(10_000), 0, 1_767_323_045L, NONCE);

        byte[] domainSeparator = keccak(Hash.sha3("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                        .getBytes(StandardCharsets.UTF_8)), Hash.sha3("Dev USD Coin".getBytes(StandardCharsets.UTF_8)),
                Hash.sha3("2".getBytes(StandardCharsets.UTF_8)), word(new Uint256(31337)), word(new Address(TOKEN.lowerCase())));
        byte[] struct = keccak(Hash.sha3(("TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,"
                        + "uint256 validBefore,bytes32 nonce)").getBytes(StandardCharsets.UTF_8)),
                word(new Address(ANVIL_0.address().lowerCase())), word(new Address(TO.lowerCase())), word(new Uint256(10_000)),
                word(new Uint256(0)), word(new Uint256(1_767_323_045L)), word(new Bytes32(Numeric.hexStringToByteArray(NONCE))));
        byte[] expected = keccak(new byte[] {0x19, 0x01}, domainSeparator, struct);

        assertThat(EvmSigner.typedDataDigest(json)).isEqualTo(expected);

        byte[] sig = Numeric.hexStringToByteArray(new EvmSigner(ANVIL_0).signTypedData(json));
        var data = new Sign.SignatureData(sig[64], Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64));
        BigInteger key = Sign.signedMessageHashToKey(expected, data);
        assertThat(EvmAddress.of("0x" + org.web3j.crypto.Keys.getAddress(key))).isEqualTo(ANVIL_0.address());
    }

    @Test
    void aDomainNameWithQuotesIsSignedAsWritten() throws Exception {
        var domain = new TransferAuthorizationWallet.Domain("Say \"hi\" \\ coin", "2", 1, TOKEN);
        String json = TransferAuthorizationWallet.typedData(domain, ANVIL_0.address(), TO, BigInteger.ONE, 0, 10, NONCE);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("domain").path("name").asText())
                .isEqualTo("Say \"hi\" \\ coin");
    }
}
