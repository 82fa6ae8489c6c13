package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Transactions and reads of one simulation on an anvil node: fresh impersonated accounts with ether, transactions
 * sent as them (a revert is {@code false}, not an error), token balances and time travel, all inside
 * {@link #onSnapshot}.
 */
final class AnvilSession {

    static final String BALANCE_OF = "0x70a08231";

    private final NodeClient node;

    AnvilSession(NodeClient node) {
        this.node = node;
    }

    /**
     * Runs {@code body} holding the node's exclusive lock, between {@code evm_snapshot} and {@code evm_revert}, so the
     * chain is left exactly as found and no other scan reads the simulated state.
     */
    void onSnapshot(Runnable body) {
        node.exclusive(() -> {
            String snapshot = node.call("evm_snapshot").asText();
            try {
                body.run();
            } finally {
                node.call("evm_revert", snapshot);
            }
            return null;
        });
    }

    /** A fresh account with 100 ETH that anvil lets us send from. */
    String freshAccount() {
        String a = PrivilegeAnalyzer.randomAddress();
        node.call("anvil_setBalance", a, "0x56bc75e2d63100000");
        node.call("anvil_impersonateAccount", a);
        return a;
    }

    void release(String... accounts) {
        for (String a : accounts) {
            node.call("anvil_stopImpersonatingAccount", a);
        }
    }

    /** Sends a transaction and waits for it: true when it succeeded, false when it reverted. */
    boolean send(String from, String to, String data, BigInteger value) {
        return mined(from, to, data, value).map(r -> "0x1".equals(r.path("status").asText())).orElse(false);
    }

    /**
     * The block number of {@code from}'s call when it succeeded as the only transaction of its block, so that a
     * balance read at that block and the one before shows exactly this call's effect; empty when it reverted or shared
     * its block.
     */
    java.util.OptionalLong sendAlone(String from, String to, String data) {
        Optional<JsonNode> receipt = mined(from, to, data, BigInteger.ZERO).filter(r -> "0x1".equals(r.path("status").asText()));
        if (receipt.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        long block = NodeClient.quantity(receipt.get().path("blockNumber")).longValueExact();
        JsonNode header = node.call("eth_getBlockByNumber", "0x" + Long.toHexString(block), false);
        return header.path("transactions").size() == 1 ? java.util.OptionalLong.of(block) : java.util.OptionalLong.empty();
    }

    /** {@code holder}'s balance of {@code token} at the end of block {@code block}. */
    BigInteger tokenBalanceAt(String token, String holder, long block) {
        return uint(node.ethCall(null, token, BALANCE_OF + Abi.word(holder), "0x" + Long.toHexString(block)));
    }

    /** The receipt of the transaction, or empty when the node refused it as a revert. */
    private Optional<JsonNode> mined(String from, String to, String data, BigInteger value) {
        Map<String, String> tx = Map.of("from", from, "to", to, "data", data, "value", "0x" + value.toString(16), "gas", "0x1e8480");
        String hash;
        try {
            hash = node.call("eth_sendTransaction", tx).asText();
        } catch (NodeException e) {
            if (e.isTimeout() || e.rpcCode() == null || !e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("revert")) {
                throw e;
            }
            return Optional.empty();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode receipt = node.call("eth_getTransactionReceipt", hash);
            if (!receipt.isNull()) {
                return Optional.of(receipt);
            }
            Thread.onSpinWait();
        }
        throw new NodeException("eth_getTransactionReceipt", "no receipt for simulated transaction " + hash + " within 10 s "
                + "(is anvil mining on demand?)", true, null, null);
    }

    void advance(long seconds) {
        node.call("evm_increaseTime", seconds);
        node.call("evm_mine");
    }

    BigInteger tokenBalance(String token, String holder) {
        return uint(node.ethCall(null, token, BALANCE_OF + Abi.word(holder), "latest"));
    }

    BigInteger etherBalance(String holder) {
        return new BigInteger(Abi.strip(node.call("eth_getBalance", holder, "latest").asText()), 16);
    }

    /** The single uint256 a read returns. */
    BigInteger read(String to, String data) {
        return uint(node.ethCall(null, to, data, "latest"));
    }

    NodeClient.CallResult call(String to, String data) {
        return node.ethCall(null, to, data, "latest");
    }

    static BigInteger uint(NodeClient.CallResult r) {
        if (!r.success()) {
            throw new RankingException("a read during simulation reverted: " + r.revertReason());
        }
        return Abi.uintFromWord(r.data()).orElseThrow(() -> new RankingException("a read during simulation returned no value"));
    }
}
