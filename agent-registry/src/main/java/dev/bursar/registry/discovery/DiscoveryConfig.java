package dev.bursar.registry.discovery;

import dev.bursar.wallet.value.EvmAddress;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the {@link RegistryIndexer} follows: which chain and registries, whose ratings count, from which block, and how
 * it reads the chain (block range per {@code eth_getLogs}, confirmations, how many recent blocks it remembers to undo a
 * reorg). Nothing here defaults to a particular network.
 */
public record DiscoveryConfig(RegistryRef registry, EvmAddress reputationRegistry, Set<EvmAddress> trustedReviewers, long startBlock,
                              int confirmations, int maxBlockRange, int reorgWindow) {

    public DiscoveryConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(reputationRegistry, "reputationRegistry");
        trustedReviewers = Set.copyOf(trustedReviewers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link DiscoveryConfig}; chain id and both registry addresses are required. */
    public static final class Builder {
        private Long chainId;
        private EvmAddress identityRegistry;
        private EvmAddress reputationRegistry;
        private final Set<EvmAddress> trustedReviewers = new LinkedHashSet<>();
        private long startBlock;
        private int confirmations = 2;
        private int maxBlockRange = 2_000;
        private int reorgWindow = 64;

        private Builder() {
        }

        public Builder chainId(long chainId) {
            this.chainId = chainId;
            return this;
        }

        public Builder identityRegistry(EvmAddress address) {
            this.identityRegistry = address;
            return this;
        }

        public Builder reputationRegistry(EvmAddress address) {
            this.reputationRegistry = address;
            return this;
        }

        /** A client whose ratings count in reputation summaries; ratings by anyone else are ignored (Sybil resistance). */
        public Builder trustReviewer(EvmAddress client) {
            trustedReviewers.add(Objects.requireNonNull(client, "client"));
            return this;
        }

        /** The first block to read (the registry's deployment block, say); default 0. */
        public Builder startBlock(long block) {
            if (block < 0) {
                throw new IllegalArgumentException("startBlock must not be negative, got " + block);
            }
            this.startBlock = block;
            return this;
        }

        /** How many blocks behind the head the indexer stays (default 2; 0 follows the head). */
        public Builder confirmations(int confirmations) {
            if (confirmations < 0) {
                throw new IllegalArgumentException("confirmations must not be negative, got " + confirmations);
            }
            this.confirmations = confirmations;
            return this;
        }

        /** The most blocks one {@code eth_getLogs} covers (default 2000; providers often cap ranges). */
        public Builder maxBlockRange(int blocks) {
            if (blocks < 1) {
                throw new IllegalArgumentException("maxBlockRange must be positive, got " + blocks);
            }
            this.maxBlockRange = blocks;
            return this;
        }

        /** How many processed blocks are remembered, and can be rolled back, to follow a reorg (default 64). */
        public Builder reorgWindow(int blocks) {
            if (blocks < 1) {
                throw new IllegalArgumentException("reorgWindow must be positive, got " + blocks);
            }
            this.reorgWindow = blocks;
            return this;
        }

        public DiscoveryConfig build() {
            if (chainId == null || identityRegistry == null || reputationRegistry == null) {
                throw new IllegalStateException("a discovery config needs chainId, identityRegistry and reputationRegistry");
            }
            return new DiscoveryConfig(new RegistryRef(chainId, identityRegistry), reputationRegistry, trustedReviewers, startBlock,
                    confirmations, maxBlockRange, reorgWindow);
        }
    }
}
