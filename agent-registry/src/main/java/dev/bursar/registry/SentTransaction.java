package dev.bursar.registry;

import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A mined, successful transaction and its receipt: the clients read what it created (an agent id, a job id) from the
 * receipt's logs.
 */
public record SentTransaction(String hash, TransactionReceipt receipt) {

    public SentTransaction {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(receipt, "receipt");
    }

    /** Gas the transaction used. */
    public BigInteger gasUsed() {
        return receipt.getGasUsed();
    }

    public List<Log> logs() {
        return receipt.getLogs();
    }
}
