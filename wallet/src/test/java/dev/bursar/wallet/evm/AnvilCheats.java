package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.EthJsonRpc;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Test helpers that drive anvil directly over JSON-RPC: deploy hand-assembled contracts from an unlocked dev account,
 * fund fresh keys, and switch automining so that transactions can be held pending.
 */
final class AnvilCheats {

    private final EthJsonRpc rpc;
    private final String deployer;

    AnvilCheats(Devnet devnet) {
        this.rpc = devnet.evm().rpc();
        this.deployer = devnet.evm().accounts().get(0).address();
    }

    /**
     * Runtime code whose fallback (every call, with or without value) counts {@code iterations} down to zero in a loop
     * and stops: about 26 gas per iteration on top of the 21 000 of a transaction. Hand-assembled:
     * <pre>
     * 00 PUSH2 n        61 nnnn
     * 03 JUMPDEST       5b
     * 04 PUSH1 1        60 01
     * 06 SWAP1          90
     * 07 SUB            03      counter - 1
     * 08 DUP1           80
     * 09 PUSH1 3        60 03
     * 0b JUMPI          57      loop while the counter is not zero
     * 0c STOP           00
     * </pre>
     */
    static String gasBurnerRuntime(int iterations) {
        if (iterations < 1 || iterations > 0xffff) {
            throw new IllegalArgumentException("1..65535 iterations");
        }
        return String.format("61%04x5b600190038060035700", iterations);
    }

    /**
     * Creation code that returns {@code runtimeHex} as the contract's code: {@code PUSH1 len PUSH1 12 PUSH1 0 CODECOPY
     * PUSH1 len PUSH1 0 RETURN}, then the runtime (which starts at byte 12).
     */
    static String creationCode(String runtimeHex) {
        int length = runtimeHex.length() / 2;
        if (length > 0xff) {
            throw new IllegalArgumentException("runtime longer than 255 bytes");
        }
        String len = String.format("%02x", length);
        return "0x60" + len + "600c600039" + "60" + len + "6000f3" + runtimeHex;
    }

    /** Deploys {@code runtimeHex} with eth_sendTransaction from dev account 0; returns the contract's address. */
    EvmAddress deploy(String runtimeHex) {
        String hash = rpc.call("eth_sendTransaction", Map.of("from", deployer, "data", creationCode(runtimeHex),
                "gas", "0x100000")).asText();
        JsonNode receipt = rpc.awaitReceipt(hash, Duration.ofSeconds(30));
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new IllegalStateException("deployment reverted: " + receipt);
        }
        return EvmAddress.of(receipt.path("contractAddress").asText());
    }

    /** Sends {@code wei} from dev account 0 to {@code to} and waits for it to be mined. */
    void fund(EvmAddress to, BigInteger wei) {
        String hash = rpc.call("eth_sendTransaction", Map.of("from", deployer, "to", to.lowerCase(),
                "value", Numeric.toHexStringWithPrefix(wei))).asText();
        rpc.awaitReceipt(hash, Duration.ofSeconds(30));
    }

    void automine(boolean on) {
        rpc.call("evm_setAutomine", on);
    }

    void mine() {
        rpc.call("evm_mine");
    }

    /** Removes a transaction from anvil's pool, as a node that evicts or forgets it would. */
    void drop(String txHash) {
        rpc.call("anvil_dropTransaction", txHash);
    }

    void setBalance(EvmAddress address, BigInteger wei) {
        rpc.call("anvil_setBalance", address.lowerCase(), Numeric.toHexStringWithPrefix(wei));
    }

    long transactionCount(EvmAddress address, String block) {
        return Numeric.decodeQuantity(rpc.call("eth_getTransactionCount", address.lowerCase(), block).asText()).longValueExact();
    }
}
