package dev.bursar.registry.discovery;

import dev.bursar.registry.RegistryUnavailableException;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few JSON-RPC reads the indexer makes, with node failures as {@link RegistryUnavailableException}. */
final class ChainReader {

    private final Web3j web3j;

    ChainReader(Web3j web3j) {
        this.web3j = web3j;
    }

    long chainId() {
        return result(call(() -> web3j.ethChainId().send(), "eth_chainId")).getChainId().longValueExact();
    }

    long head() {
        return result(call(() -> web3j.ethBlockNumber().send(), "eth_blockNumber")).getBlockNumber().longValueExact();
    }

    /** The hash of block {@code number} on the node's chain now, or empty past its head. */
    Optional<String> blockHash(long number) {
        EthBlock block = result(call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send(), "eth_getBlockByNumber"));
        return block.getBlock() == null ? Optional.empty() : Optional.of(block.getBlock().getHash());
    }

    /** The logs of {@code contracts} in blocks {@code from..to} whose first topic is one of {@code topics}. */
    List<Log> logs(long from, long to, List<EvmAddress> contracts, List<String> topics) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), contracts.stream().map(EvmAddress::lowerCase).toList());
        filter.addOptionalTopics(topics.toArray(String[]::new));
        EthLog response = result(call(() -> web3j.ethGetLogs(filter).send(), "eth_getLogs"));
        List<Log> logs = new ArrayList<>();
        for (EthLog.LogResult<?> r : response.getLogs()) {
            if (r.get() instanceof Log log) {
                logs.add(log);
            }
        }
        return logs;
    }

    EvmAddress ownerOf(EvmAddress registry, BigInteger agentId, long block) {
        return address(registry, "ownerOf", agentId, block);
    }

    EvmAddress agentWallet(EvmAddress registry, BigInteger agentId, long block) {
        return address(registry, "getAgentWallet", agentId, block);
    }

    @SuppressWarnings("rawtypes")
    private EvmAddress address(EvmAddress contract, String name, BigInteger agentId, long block) {
        Function function = new Function(name, List.of(new Uint256(agentId)), List.of(new TypeReference<Address>() { }));
        EthCall response = call(() -> web3j.ethCall(Transaction.createEthCallTransaction(null, contract.lowerCase(),
                FunctionEncoder.encode(function)), DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send(), "eth_call " + name);
        if (response.hasError() || response.getValue() == null || response.getValue().equals("0x")) {
            throw new DiscoveryException("IdentityRegistry " + contract + " refused " + name + "(" + agentId + ") at block " + block
                    + (response.hasError() ? " (" + response.getError().getMessage() + ")" : " (no code there?)")
                    + "; check the configured registry address");
        }
        List<Type> values = FunctionReturnDecoder.decode(response.getValue(), function.getOutputParameters());
        return EvmAddress.of((String) values.get(0).getValue());
    }

    private interface Rpc<T> {
        T send() throws IOException;
    }

    private static <T> T call(Rpc<T> rpc, String what) {
        try {
            return rpc.send();
        } catch (IOException e) {
            throw new RegistryUnavailableException("cannot reach the EVM node for " + what + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check that the node is running and the RPC URL is right", e);
        }
    }

    private static <T extends Response<?>> T result(T response) {
        if (response.hasError()) {
            throw new RegistryUnavailableException("the EVM node answered an error: " + response.getError().getMessage()
                    + "; check the node and the block range", null);
        }
        return response;
    }
}
