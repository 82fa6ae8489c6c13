package dev.bursar.registry;

import dev.bursar.wallet.value.EvmAddress;

import java.util.Optional;

/**
 * The contract refused the call: when simulated (nothing was signed or sent), or on chain after the simulation passed
 * (the state changed in between, for example another party settled the job first; the transaction's fee was spent).
 */
public final class ContractRevertedException extends RegistryException {

    private final Optional<EvmAddress> contract;
    private final String errorName;
    private final String revertData;
    private final Optional<String> transactionHash;

    public ContractRevertedException(Optional<EvmAddress> contract, String errorName, String revertData, Optional<String> transactionHash,
                                     String message) {
        super(message);
        this.contract = contract;
        this.errorName = errorName;
        this.revertData = revertData;
        this.transactionHash = transactionHash;
    }

    /** The contract that reverted, when known. */
    public Optional<EvmAddress> contract() {
        return contract;
    }

    /**
     * The Solidity error, such as {@code NotEvaluator} or {@code Error} (a revert string); {@code unknown} when the
     * revert data matches no error this client knows, or when only the failed transaction's receipt is known.
     */
    public String errorName() {
        return errorName;
    }

    /** The raw revert data (0x-hex, possibly {@code 0x}), for logs and bug reports. */
    public String revertData() {
        return revertData;
    }

    /** The failed transaction, when the revert happened on chain rather than in the simulation. */
    public Optional<String> transactionHash() {
        return transactionHash;
    }
}
