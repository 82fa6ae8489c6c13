package dev.bursar.tools;

import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.value.EvmAddress;

import java.util.Optional;

/**
 * Read-only access to the agent's EVM chain for plugins granted {@code wallet:chain-read}: contract calls at the latest
 * block and the block number. Nothing here signs, sends a transaction or reveals the node's URL.
 */
public final class EvmChain {

    private final EvmWallet wallet;

    /** Built by the code that hosts the agent, over the agent's EVM wallet's node. */
    public EvmChain(EvmWallet wallet) {
        this.wallet = wallet;
    }

    public long chainId() {
        return wallet.chainId();
    }

    /** The latest block's number. */
    public long latestBlock() {
        return wallet.latestBlock();
    }

    /**
     * An {@code eth_call} of {@code to} with {@code calldata} (0x-hex) at the latest block: its return data, or empty when
     * the call reverts or returns nothing.
     */
    public Optional<String> call(EvmAddress to, String calldata) {
        return wallet.readCall(to, calldata);
    }
}
