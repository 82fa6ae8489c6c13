package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.wallet.value.EvmAddress;

import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Usage from plain node methods: age from {@code ots_getContractCreator} and the creation block's timestamp;
 * transactions and unique senders from {@code trace_filter} (calls into the contract, internal ones included).
 * {@code eth_getTransactionCount} is not used: for a contract it is its nonce, not its usage. A node that answers
 * {@code ots_getContractCreator} with an error (most hosted nodes) is read with {@link LogUsageProvider} instead.
 */
public final class RpcUsageProvider implements UsageProvider {

    private final int maxTraces;
    private final UsageProvider fallback = new LogUsageProvider();

    public RpcUsageProvider(int maxTraces) {
        this.maxTraces = maxTraces;
    }

    public RpcUsageProvider() {
        this(10_000);
    }

    @Override
    public Usage usage(NodeClient node, EvmAddress address, long blockNumber) {
        String a = address.lowerCase();
        JsonNode creator;
        try {
            creator = node.call("ots_getContractCreator", a);
        } catch (NodeException e) {
            if (e.isTimeout() || e.rpcCode() == null) {
                throw e;
            }
            // Most hosted nodes have no ots_/trace_: fall back to what every node serves.
            return fallback.usage(node, address, blockNumber);
        }
        if (creator.isNull() || !creator.hasNonNull("hash")) {
            throw new RankingException("the node does not know who created " + a + " (ots_getContractCreator returned nothing)");
        }
        JsonNode tx = node.call("eth_getTransactionByHash", creator.get("hash").asText());
        long createdAt = NodeClient.quantity(tx.get("blockNumber")).longValueExact();
        long createdTs = timestamp(node, createdAt);
        long nowTs = timestamp(node, blockNumber);
        JsonNode traces = node.call("trace_filter", Map.of("fromBlock", NodeClient.hex(createdAt), "toBlock", NodeClient.hex(blockNumber),
                "toAddress", java.util.List.of(a), "count", maxTraces));
        Set<String> txs = new HashSet<>();
        Set<String> senders = new HashSet<>();
        for (JsonNode t : traces) {
            txs.add(t.path("transactionHash").asText());
            String from = t.path("action").path("from").asText("");
            if (!from.isEmpty()) {
                senders.add(from.toLowerCase(java.util.Locale.ROOT));
            }
        }
        double confidence = traces.size() >= maxTraces ? 0.5 : 0.9; // capped: counts are lower bounds
        return new Usage(OptionalLong.of(Math.max(0, nowTs - createdTs)), OptionalLong.of(txs.size()), OptionalLong.of(senders.size()),
                "ots_getContractCreator + trace_filter" + (traces.size() >= maxTraces ? " (capped at " + maxTraces + ")" : ""), confidence);
    }

    private static long timestamp(NodeClient node, long block) {
        JsonNode b = node.call("eth_getBlockByNumber", NodeClient.hex(block), false);
        if (b.isNull()) {
            throw new RankingException("block " + block + " is unknown to the node");
        }
        return NodeClient.quantity(b.get("timestamp")).longValueExact();
    }
}
