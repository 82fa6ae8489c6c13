package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.PeerUnavailableException;
import dev.bursar.wallet.WalletException;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthFeeHistory;
import org.web3j.protocol.core.methods.response.EthGetBalance;
import org.web3j.protocol.core.methods.response.EthGetCode;
import org.web3j.protocol.core.methods.response.EthGetTransactionCount;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON-RPC calls the EVM wallet makes, each with bounded retries when the node does not answer; a node that
 * answers with an error raises {@link RpcError}. Messages name the endpoint, never a key.
 */
final class EvmRpc {

    /** The node answered a call with a JSON-RPC error (the node's own words, which never hold our keys). */
    static final class RpcError extends WalletException {
        private final int code;

        RpcError(String method, int code, String message) {
            super(method + " failed: " + message + " (code " + code + ")");
            this.code = code;
        }

        int code() {
            return code;
        }

        String lowerCaseMessage() {
            return getMessage().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Web3jService service;
    private final String endpoint;
    private final RetryPolicy retry;

    EvmRpc(Web3jService service, String endpoint, RetryPolicy retry) {
        this.service = service;
        this.endpoint = endpoint;
        this.retry = retry;
    }

    String endpoint() {
        return endpoint;
    }

    long chainId() {
        return call("eth_chainId", List.of(), EthChainId.class).getChainId().longValueExact();
    }

    BigInteger balance(EvmAddress address) {
        return call("eth_getBalance", List.of(address.lowerCase(), "latest"), EthGetBalance.class).getBalance();
    }

    boolean hasCode(EvmAddress address) {
        String code = call("eth_getCode", List.of(address.lowerCase(), "latest"), EthGetCode.class).getCode();
        return code != null && !code.equals("0x") && !code.isEmpty();
    }

    /** The transaction count of {@code address} at {@code block} ("latest" or "pending"). */
    long transactionCount(EvmAddress address, String block) {
        return call("eth_getTransactionCount", List.of(address.lowerCase(), block), EthGetTransactionCount.class)
                .getTransactionCount().longValueExact();
    }

    /** eth_call at latest; an empty optional when the call reverts. */
    Optional<String> ethCall(EvmAddress to, String data) {
        EthCall response = send("eth_call", List.of(Map.of("to", to.lowerCase(), "data", data), "latest"), EthCall.class);
        if (response.hasError()) {
            return Optional.empty();
        }
        String value = response.getValue();
        return value == null || value.equals("0x") ? Optional.empty() : Optional.of(value);
    }

    /** eth_estimateGas searching no higher than {@code gasCap}: a call that needs more fails with an out-of-gas error. */
    BigInteger estimateGas(EvmAddress from, String to, BigInteger value, String data, BigInteger gasCap) {
        Map<String, String> tx = new LinkedHashMap<>();
        tx.put("from", from.lowerCase());
        tx.put("to", to);
        tx.put("value", Numeric.toHexStringWithPrefix(value));
        tx.put("data", data);
        tx.put("gas", Numeric.toHexStringWithPrefix(gasCap));
        return call("eth_estimateGas", List.of(tx), EthEstimateGas.class).getAmountUsed();
    }

    EthFeeHistory.FeeHistory feeHistory(int blocks, int percentile) {
        return call("eth_feeHistory", List.of(Numeric.toHexStringWithPrefix(BigInteger.valueOf(blocks)), "latest", List.of(percentile)),
                EthFeeHistory.class).getFeeHistory();
    }

    /** Broadcasts a signed transaction; the node's refusal comes back as {@link RpcError}. */
    String sendRawTransaction(String rawHex) {
        return call("eth_sendRawTransaction", List.of(rawHex), EthSendTransaction.class).getTransactionHash();
    }

    Optional<TransactionReceipt> receipt(String txHash) {
        return call("eth_getTransactionReceipt", List.of(txHash), EthGetTransactionReceipt.class).getTransactionReceipt();
    }

    boolean transactionKnown(String txHash) {
        return call("eth_getTransactionByHash", List.of(txHash), EthTransaction.class).getTransaction().isPresent();
    }

    /**
     * Transaction hashes of the logs {@code address} emitted with exactly these leading {@code topics} (0x-hex) in the
     * last {@code blocks} blocks.
     */
    List<String> logTransactions(EvmAddress address, List<String> topics, long blocks) {
        long latest = blockNumber();
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("address", address.lowerCase());
        filter.put("topics", topics);
        filter.put("fromBlock", Numeric.toHexStringWithPrefix(BigInteger.valueOf(Math.max(0, latest - blocks))));
        filter.put("toBlock", "latest");
        return call("eth_getLogs", List.of(filter), EthLog.class).getLogs().stream()
                .filter(EthLog.LogObject.class::isInstance).map(l -> ((EthLog.LogObject) l).getTransactionHash()).toList();
    }

    long blockNumber() {
        return call("eth_blockNumber", List.of(), EthBlockNumber.class).getBlockNumber().longValueExact();
    }

    private <T extends Response<?>> T call(String method, List<?> params, Class<T> type) {
        T response = send(method, params, type);
        if (response.hasError()) {
            throw new RpcError(method, response.getError().getCode(), response.getError().getMessage());
        }
        return response;
    }

    private <T extends Response<?>> T send(String method, List<?> params, Class<T> type) {
        IOException last = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            try {
                return new Request<>(method, params, service, type).send();
            } catch (IOException e) {
                last = e;
                if (attempt < retry.attempts()) {
                    sleep(retry.backoffAfter(attempt).toMillis(), method);
                }
            }
        }
        throw new PeerUnavailableException("EVM node at " + endpoint + " did not answer " + method + " after " + retry.attempts()
                + " attempts (" + last.getClass().getSimpleName() + ": " + last.getMessage()
                + "); check that the node is running and the RPC URL is right", last);
    }

    private void sleep(long millis, String method) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted while retrying " + method + " against " + endpoint, e);
        }
    }
}
