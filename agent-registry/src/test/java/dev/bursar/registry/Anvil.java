package dev.bursar.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.EthJsonRpc;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** Test helper: anvil's clock, mining and unlocked accounts, driven over JSON-RPC. */
final class Anvil {

    final EthJsonRpc rpc;

    Anvil(Devnet devnet) {
        this.rpc = devnet.evm().rpc();
    }

    long now() {
        return EthJsonRpc.quantity(rpc.call("eth_getBlockByNumber", "latest", false).get("timestamp")).longValueExact();
    }

    /** Moves the chain's clock forward and mines a block at the new time. */
    void advance(Duration by) {
        rpc.call("evm_increaseTime", by.toSeconds());
        rpc.call("evm_mine");
    }

    void automine(boolean on) {
        rpc.call("evm_setAutomine", on);
    }

    void mine() {
        rpc.call("evm_mine");
    }

    /** Sends from an unlocked dev account without waiting for the receipt. */
    String sendRaw(String from, String to, String data) {
        return rpc.call("eth_sendTransaction", Map.of("from", from, "to", to, "data", data)).asText();
    }

    JsonNode receipt(String hash) {
        return rpc.awaitReceipt(hash, Duration.ofSeconds(30));
    }

    /** Deploys a test fixture compiled from src/test/solidity, from an unlocked dev account; returns its address. */
    String deploy(String from, String contract, String constructorArgs) {
        String hash = rpc.call("eth_sendTransaction", Map.of("from", from, "data", bytecode(contract) + constructorArgs)).asText();
        JsonNode receipt = receipt(hash);
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new IllegalStateException("deploying " + contract + " reverted: " + receipt);
        }
        return receipt.get("contractAddress").asText();
    }

    BigInteger tokenBalance(String token, String owner) {
        String data = "0x70a08231" + "0".repeat(24) + owner.substring(2).toLowerCase();
        return EthJsonRpc.quantity(rpc.call("eth_call", Map.of("to", token, "data", data), "latest"));
    }

    static String word(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }

    static String word(String address) {
        return "0".repeat(24) + address.substring(2).toLowerCase();
    }

    private static String bytecode(String contract) {
        try (InputStream in = Anvil.class.getResourceAsStream("/solidity/" + contract + ".json")) {
            if (in == null) {
                throw new IllegalStateException(contract + " is not compiled; run mvn process-test-classes in agent-registry");
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("bytecode").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
