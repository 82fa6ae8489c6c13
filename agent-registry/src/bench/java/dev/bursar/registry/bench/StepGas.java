package dev.bursar.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.registry.escrow.JobEscrowClient;
import dev.bursar.registry.reputation.ReputationRegistryClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For benchmarks: the gas of each step of a hire, read from the receipts of every transaction mined in a range of
 * blocks (the bench is the only sender), named by the call's selector: approve, createJob, submit, complete,
 * giveFeedback; anything else counts as "other".
 */
final class StepGas {

    static final List<String> STEPS = List.of("approve", "createJob", "submit", "complete", "giveFeedback", "other");

    private final EthJsonRpc rpc;
    private final Map<String, String> names = new LinkedHashMap<>();

    StepGas(EthJsonRpc rpc) {
        this.rpc = rpc;
        names.put("0x095ea7b3", "approve"); // ERC-20 approve(address,uint256)
        names.put(JobEscrowClient.VALUE_NEUTRAL_CALLS.get(0), "createJob");
        names.put(JobEscrowClient.VALUE_NEUTRAL_CALLS.get(1), "submit");
        names.put(JobEscrowClient.VALUE_NEUTRAL_CALLS.get(2), "complete");
        names.put(ReputationRegistryClient.VALUE_NEUTRAL_CALLS.get(0), "giveFeedback");
    }

    long latestBlock() {
        return Long.decode(rpc.call("eth_blockNumber").asText());
    }

    /** Gas used per step by the transactions in blocks {@code after + 1 .. upTo}, steps in {@link #STEPS} order. */
    Map<String, Long> between(long after, long upTo) {
        Map<String, Long> gas = new LinkedHashMap<>();
        STEPS.forEach(s -> gas.put(s, 0L));
        for (long n = after + 1; n <= upTo; n++) {
            JsonNode block = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(n), true);
            for (JsonNode tx : block.path("transactions")) {
                String input = tx.path("input").asText("");
                String step = names.getOrDefault(input.length() >= 10 ? input.substring(0, 10).toLowerCase() : input, "other");
                JsonNode receipt = rpc.call("eth_getTransactionReceipt", tx.path("hash").asText());
                if (!"0x1".equals(receipt.path("status").asText())) {
                    throw new IllegalStateException("transaction " + tx.path("hash").asText() + " (" + step + ") reverted");
                }
                gas.merge(step, EthJsonRpc.quantity(receipt.get("gasUsed")).longValueExact(), Long::sum);
            }
        }
        return gas;
    }
}
