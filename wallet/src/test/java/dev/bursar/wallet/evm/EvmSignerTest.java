package dev.bursar.wallet.evm;

import dev.bursar.wallet.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvmSignerTest {

    private static final EvmKeys ANVIL_0 = EvmKeys.fromPrivateKey("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    static final String TRANSFER_WITH_AUTHORIZATION = """
            {
              "types": {
                "EIP712Domain": [
                  {"name": "name", "type": "string"},
                  {"name": "version", "type": "string"},
                  {"name": "chainId", "type": "uint256"},
                  {"name": "verifyingContract", "type": "address"}
                ],
                "TransferWithAuthorization": [
                  {"name": "from", "type": "address"},
                  {"name": "to", "type": "address"},
                  {"name": "value", "type": "uint256"},
                  {"name": "validAfter", "type": "uint256"},
                  {"name": "validBefore", "type": "uint256"},
                  {"name": "nonce", "type": "bytes32"}
                ]
              },
              "primaryType": "TransferWithAuthorization",
              "domain": {"name": "USDC", "version": "2", "chainId": 31337,
                         "verifyingContract": "0x5FbDB2315678afecb367f032d93F642f64180aa3"},
              "message": {
                "from": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                "to": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                "value": 10000,
                "validAfter": 0,
                "validBefore": 1900000000,
                "nonce": "0x1111111111111111111111111111111111111111111111111111111111111111"
              }
            }
            """;

    @Test
    void eip712TransferWithAuthorizationMatchesTheReferenceVector() {
        assertThat(Numeric.toHexString(EvmSigner.typedDataDigest(TRANSFER_WITH_AUTHORIZATION)))
                .isEqualTo("0x67d630ca7a33eebf33dd06f93b29d737adf5ee5dde8da4d809a5b7f10c32a07a");
        assertThat(new EvmSigner(ANVIL_0).signTypedData(TRANSFER_WITH_AUTHORIZATION))
                .isEqualTo("0x82ccbee01f92d09af1819e4c2c252f8226bbcf88a142de1866c4ee1339bf672c"
                        + "4956d599391f7a8b2139c7a4e67054ddf61572fbbbe82e94940c565c8bd1d0381b");
    }

    @Test
    void eip191SignatureRecoversToTheSigner() throws Exception {
        String signature = new EvmSigner(ANVIL_0).signMessage("hello bursar");
        byte[] raw = Numeric.hexStringToByteArray(signature);
        assertThat(raw).hasSize(65);
        assertThat(raw[64]).isIn((byte) 27, (byte) 28);
        Sign.SignatureData data = new Sign.SignatureData(raw[64], Arrays.copyOfRange(raw, 0, 32), Arrays.copyOfRange(raw, 32, 64));
        BigInteger recovered = Sign.signedPrefixedMessageToKey("hello bursar".getBytes(StandardCharsets.UTF_8), data);
        assertThat(recovered).isEqualTo(ANVIL_0.publicKey());
    }

    @Test
    void malformedTypedDataIsInvalidInput() {
        assertThatThrownBy(() -> new EvmSigner(ANVIL_0).signTypedData("{\"types\": 5}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("EIP-712");
    }
}
