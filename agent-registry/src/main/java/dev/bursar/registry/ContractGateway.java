package dev.bursar.registry;

import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployed contract as the registry clients use it: reads by {@code eth_call}, writes simulated first and then
 * sent through the {@link TransactionSender}. A revert becomes a {@link ContractRevertedException} naming the
 * contract's error and saying what to do, from the errors the client declares.
 */
public final class ContractGateway {

    private static final String ERROR_STRING = "0x08c379a0";
    private static final String PANIC = "0x4e487b71";

    private final Web3j web3j;
    private final EvmAddress contract;
    private final TransactionSender sender;
    private final String contractName;
    private final Map<String, ContractError> errors = new LinkedHashMap<>();

    /**
     * @param contractName a name for messages, such as {@code JobEscrow}
     * @param errors       the custom errors the contract (and the libraries it uses) may revert with
     */
    public ContractGateway(Web3j web3j, EvmAddress contract, TransactionSender sender, String contractName, List<ContractError> errors) {
        this.web3j = Objects.requireNonNull(web3j, "web3j");
        this.contract = Objects.requireNonNull(contract, "contract");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.contractName = Objects.requireNonNull(contractName, "contractName");
        errors.forEach(e -> this.errors.put(e.selector(), e));
    }

    public EvmAddress contract() {
        return contract;
    }

    public TransactionSender sender() {
        return sender;
    }

    public Web3j web3j() {
        return web3j;
    }

    /** Calls a view function at the latest block and decodes its outputs. */
    @SuppressWarnings("rawtypes")
    public List<Type> read(Function function) {
        String returned = ethCall(contract, FunctionEncoder.encode(function), function.getName());
        if (returned.equals("0x") && !function.getOutputParameters().isEmpty()) {
            // a view always returns data; nothing back means there is no code at the address
            throw new ContractRevertedException(Optional.of(contract), "unknown", "0x", Optional.empty(), contractName + "."
                    + function.getName() + " returned nothing: is " + contractName + " deployed at " + contract + " on this chain?");
        }
        return FunctionReturnDecoder.decode(returned, function.getOutputParameters());
    }

    /** Simulates {@code function} from the sender's account, then sends it; {@code purpose} is journaled. */
    public SentTransaction send(Function function, String purpose) {
        String data = FunctionEncoder.encode(function);
        ethCall(contract, data, function.getName());
        return sender.call(contract, data, purpose);
    }

    /** The timestamp (seconds) of the latest block: the contracts' {@code block.timestamp} is at least this. */
    public long latestBlockTimestamp() {
        try {
            return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
        } catch (IOException e) {
            throw unavailable("eth_getBlockByNumber", e);
        }
    }

    /** {@code eth_call} of {@code data} on {@code to} from the sender's account; a revert throws. */
    public String ethCall(EvmAddress to, String data, String what) {
        EthCall response;
        try {
            response = web3j.ethCall(Transaction.createEthCallTransaction(sender.from().lowerCase(), to.lowerCase(), data),
                    DefaultBlockParameterName.LATEST).send();
        } catch (IOException e) {
            throw unavailable(what, e);
        }
        if (response.hasError()) {
            throw reverted(to, what, revertData(response.getError()), response.getError().getMessage());
        }
        String value = response.getValue();
        return value == null ? "0x" : value;
    }

    private ContractRevertedException reverted(EvmAddress to, String what, String data, String nodeMessage) {
        String selector = data.length() >= 10 ? data.substring(0, 10).toLowerCase(Locale.ROOT) : "";
        ContractError known = errors.get(selector);
        String name;
        String detail;
        if (known != null) {
            name = known.name();
            detail = known.signature() + " " + args(data) + ": " + known.hint();
        } else if (selector.equals(ERROR_STRING)) {
            name = "Error";
            detail = "\"" + revertString(data) + "\"";
        } else if (selector.equals(PANIC)) {
            name = "Panic";
            detail = "panic " + args(data) + " (an assertion or arithmetic failure in the contract)";
        } else {
            name = "unknown";
            detail = "revert data " + (data.isEmpty() ? "none" : data) + " (" + nodeMessage + ")";
        }
        String who = to.equals(contract) ? contractName + " at " + contract : "the contract at " + to;
        return new ContractRevertedException(Optional.of(to), name, data, Optional.empty(),
                who + " refuses " + what + ": " + detail + "; nothing was sent");
    }

    private static String args(String data) {
        if (data.length() <= 10) {
            return "()";
        }
        List<String> words = new ArrayList<>();
        for (int i = 10; i + 64 <= data.length(); i += 64) {
            words.add("0x" + data.substring(i, i + 64).replaceFirst("^0{1,62}", ""));
        }
        return words.toString();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static String revertString(String data) {
        try {
            List<Type> values = FunctionReturnDecoder.decode("0x" + data.substring(10), (List) List.of(new TypeReference<Utf8String>() { }));
            return values.isEmpty() ? "" : (String) values.get(0).getValue();
        } catch (RuntimeException e) {
            return data;
        }
    }

    private static String revertData(Response.Error error) {
        String data = error.getData();
        if (data == null) {
            return "0x";
        }
        data = data.trim();
        if (data.startsWith("\"") && data.endsWith("\"") && data.length() >= 2) {
            data = data.substring(1, data.length() - 1);
        }
        return data.startsWith("0x") ? data : "0x";
    }

    private RegistryUnavailableException unavailable(String what, IOException e) {
        return new RegistryUnavailableException("cannot reach the EVM node for " + contractName + "." + what + " ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check that the node is running and the RPC URL is right", e);
    }
}
