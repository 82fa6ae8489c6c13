package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.wallet.value.EvmAddress;

import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Usage from what every node serves, for nodes without {@code ots_}/{@code trace_}: the creation block by bisection
 * over {@code eth_getCode} at past blocks, then {@code eth_getLogs} of the contract in bounded block ranges over at
 * most the last {@code maxBlocks} blocks. Transactions are those that made the contract log (a lower bound), senders
 * the distinct {@code from} of its ERC-20 Transfer events; the confidence says so.
 */
public final class LogUsageProvider implements UsageProvider {

    static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    private final long blocksPerQuery;
    private final long maxBlocks;

    /**
     * @param blocksPerQuery the widest range one {@code eth_getLogs} asks for (hosted nodes refuse wide ones)
     * @param maxBlocks      the most recent blocks scanned at all
     */
    public LogUsageProvider(long blocksPerQuery, long maxBlocks) {
        if (blocksPerQuery < 1 || maxBlocks < 1) {
            throw new IllegalArgumentException("block ranges must be positive");
        }
        this.blocksPerQuery = blocksPerQuery;
        this.maxBlocks = maxBlocks;
    }

    public LogUsageProvider() {
        this(2_000, 100_000);
    }

    @Override
    public Usage usage(NodeClient node, EvmAddress address, long blockNumber) {
        String a = address.lowerCase();
        long created = creationBlock(node, a, blockNumber);
        long from = Math.max(created, blockNumber - maxBlocks + 1);
        Set<String> txs = new HashSet<>();
        Set<String> senders = new HashSet<>();
        for (long start = from; start <= blockNumber; start += blocksPerQuery) {
            long end = Math.min(blockNumber, start + blocksPerQuery - 1);
            JsonNode logs = node.call("eth_getLogs", Map.of("address", a, "fromBlock", NodeClient.hex(start), "toBlock", NodeClient.hex(end)));
            for (JsonNode log : logs) {
                txs.add(log.path("transactionHash").asText());
                JsonNode topics = log.path("topics");
                if (topics.size() == 3 && TRANSFER_TOPIC.equals(topics.get(0).asText())) {
                    Abi.addressFromWord(topics.get(1).asText()).filter(s -> !Abi.isZeroAddress(s)).ifPresent(senders::add);
                }
            }
        }
        boolean capped = from > created;
        long age = timestamp(node, blockNumber) - timestamp(node, created);
        return new Usage(OptionalLong.of(Math.max(0, age)), OptionalLong.of(txs.size()), OptionalLong.of(senders.size()),
                "eth_getCode bisection + eth_getLogs" + (capped ? " (last " + maxBlocks + " blocks)" : ""), capped ? 0.4 : 0.6);
    }

    /** The first block at which the contract has code: binary search over eth_getCode at past blocks. */
    static long creationBlock(NodeClient node, String address, long head) {
        long lo = 0;
        long hi = head;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            String code = node.getCode(address, NodeClient.hex(mid));
            if (code == null || Abi.strip(code).isEmpty()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long timestamp(NodeClient node, long block) {
        JsonNode b = node.call("eth_getBlockByNumber", NodeClient.hex(block), false);
        if (b.isNull()) {
            throw new RankingException("block " + block + " is unknown to the node");
        }
        return NodeClient.quantity(b.get("timestamp")).longValueExact();
    }
}
