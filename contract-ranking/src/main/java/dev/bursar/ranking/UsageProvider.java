package dev.bursar.ranking;

import dev.bursar.wallet.value.EvmAddress;

/** Where usage numbers come from: the node itself ({@link RpcUsageProvider}), an indexer, or nothing. */
public interface UsageProvider {

    /** Usage of {@code address} as of {@code blockNumber}; throws {@link RankingException} when it cannot tell. */
    Usage usage(NodeClient node, EvmAddress address, long blockNumber);

    static UsageProvider none() {
        return (node, address, block) -> Usage.unknown("usage not configured");
    }
}
