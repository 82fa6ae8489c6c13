package dev.bursar.ranking;

import dev.bursar.wallet.value.EvmAddress;

import java.util.List;

/**
 * An optional third-party signal (Sourcify, GoPlus). Off by default; on-node checks never wait for one. A feed that
 * fails or omits a field adds an UNKNOWN_CHECK finding: unknown never counts as safe.
 */
public interface ExternalFeed {

    /** A short name used as the findings' source. */
    String name();

    /** Findings for {@code address}; throws {@link RankingException} when the feed cannot answer. */
    List<Finding> assess(long chainId, EvmAddress address);
}
