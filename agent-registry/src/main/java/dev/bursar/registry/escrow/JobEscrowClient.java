package dev.bursar.registry.escrow;

import dev.bursar.registry.ContractError;
import dev.bursar.registry.ContractGateway;
import dev.bursar.registry.RegistryException;
import dev.bursar.registry.SentTransaction;
import dev.bursar.registry.TransactionSender;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client of the job escrow. The sender's account acts as whichever party a call needs: client ({@link #createJob}),
 * provider ({@link #submit}), evaluator ({@link #complete}, {@link #reject}) or anyone ({@link #claimRefund}).
 */
public final class JobEscrowClient {

    static final List<ContractError> ERRORS = List.of(
            new ContractError("ZeroAddress()", "the provider and the token must be real addresses"),
            new ContractError("ZeroAmount()", "a job must hold a positive amount"),
            new ContractError("ProviderIsClient()", "the provider must be another account than the client"),
            new ContractError("DeadlineNotInFuture(uint64,uint256)", "choose a deadline after the chain's current block time"),
            new ContractError("UnsupportedToken(address,uint256,uint256)", "the token delivered less than the amount (a fee-on-transfer"
                    + " token?); the escrow only holds tokens that arrive in full: pay in another token"),
            new ContractError("EmptyResultHash()", "submit the hash of the result, not zero"),
            new ContractError("JobNotFound(uint256)", "no job has this id in this escrow; check the job id"),
            new ContractError("InvalidStatus(uint256,uint8)", "the job is not in a state that allows this (already submitted, settled"
                    + " or refunded?); read the job's status"),
            new ContractError("NotProvider(uint256,address)", "only the job's provider may submit; send it from the provider's account"),
            new ContractError("NotEvaluator(uint256,address)", "only the job's evaluator (the client unless one was named) may complete"
                    + " or reject it"),
            new ContractError("DeadlinePassed(uint256,uint64)", "the job's deadline has passed: the provider can no longer submit, and"
                    + " anyone may refund the client"),
            new ContractError("DeadlineNotPassed(uint256,uint64)", "a refund is possible only after the job's deadline"),
            new ContractError("ReentrancyGuardReentrantCall()", "the escrow refuses re-entrant calls"),
            new ContractError("SafeERC20FailedOperation(address)", "the token refused the transfer; check the token"),
            new ContractError("ERC20InsufficientAllowance(address,uint256,uint256)", "the escrow's allowance is below the amount;"
                    + " approve the escrow for the job's amount first"),
            new ContractError("ERC20InsufficientBalance(address,uint256,uint256)", "the client's token balance is below the amount;"
                    + " fund the account or lower the amount"));

    private static final Event JOB_CREATED = new Event("JobCreated", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Address>(true) { }, new TypeReference<Address>(true) { },
            new TypeReference<Address>() { }, new TypeReference<Address>() { }, new TypeReference<Uint256>() { },
            new TypeReference<Uint64>() { }, new TypeReference<Bytes32>() { }));
    private static final String ZERO_WORD = "0x" + "0".repeat(64);

    private final ContractGateway escrow;
    private final Map<EvmAddress, Asset.Erc20Token> tokens = new ConcurrentHashMap<>();

    /**
     * The escrow's calls that move none of the caller's value by themselves, for a policy's {@code declareCalls}:
     * {@code createJob} pulls only the allowance granted before it (judged as a spend then); {@code submit},
     * {@code complete}, {@code reject} and {@code claimRefund} move the escrow's funds, never the caller's.
     */
    public static final List<String> VALUE_NEUTRAL_CALLS = List.of(
            selector("createJob(address,address,address,uint256,uint64,bytes32)"), selector("submit(uint256,bytes32)"),
            selector("complete(uint256,bytes32)"), selector("reject(uint256,bytes32)"), selector("claimRefund(uint256)"));

    private static String selector(String signature) {
        return org.web3j.crypto.Hash.sha3String(signature).substring(0, 10);
    }

    public JobEscrowClient(Web3j web3j, EvmAddress escrow, TransactionSender sender) {
        this.escrow = new ContractGateway(web3j, escrow, sender, "JobEscrow", ERRORS);
    }

    public EvmAddress address() {
        return escrow.contract();
    }

    /**
     * As the client: approves the escrow for exactly {@code amount} (a spend the wallet's policy judges), then creates
     * the job, which pulls the amount. If the creation fails after the approval, the allowance stays, but only a job
     * the client itself creates can use it.
     *
     * @param evaluator who completes or rejects; empty for the client itself
     * @param deadline  the last block time at which the provider may submit
     * @param specHash  32 bytes: the hash of the task description
     */
    public CreatedJob createJob(EvmAddress provider, Optional<EvmAddress> evaluator, Amount amount, Instant deadline, byte[] specHash) {
        if (!(amount.asset() instanceof Asset.Erc20Token token)) {
            throw new InvalidInputException("a job is paid in an ERC-20 token, not " + amount.asset().id());
        }
        if (amount.isZero()) {
            throw new InvalidInputException("a job must hold a positive amount");
        }
        if (provider.equals(escrow.sender().from())) {
            throw new InvalidInputException("the provider " + provider + " is the client itself; name the agent's payment wallet");
        }
        long now = escrow.latestBlockTimestamp();
        if (deadline.getEpochSecond() <= now) {
            throw new InvalidInputException("the deadline " + deadline + " is not after the chain's block time "
                    + Instant.ofEpochSecond(now) + "; choose a later one");
        }
        Function create = new Function("createJob", List.of(new Address(provider.lowerCase()),
                new Address(evaluator.map(EvmAddress::lowerCase).orElse(Address.DEFAULT.getValue())),
                new Address(token.contract().lowerCase()), new Uint256(amount.units()), new Uint64(deadline.getEpochSecond()),
                new Bytes32(hash32(specHash, "spec hash"))), List.of());
        SentTransaction approval = escrow.sender().approve(amount, escrow.contract(), "fund an escrowed job for " + provider);
        SentTransaction creation = escrow.send(create, "create an escrowed job of " + amount + " for " + provider);
        return new CreatedJob(createdJobIn(creation), approval, creation);
    }

    /** The job id a createJob transaction created. */
    public BigInteger createdJobIn(SentTransaction tx) {
        String topic = EventEncoder.encode(JOB_CREATED);
        for (Log log : tx.logs()) {
            if (log.getAddress().equalsIgnoreCase(escrow.contract().value()) && log.getTopics().get(0).equalsIgnoreCase(topic)) {
                return Numeric.toBigInt(log.getTopics().get(1));
            }
        }
        throw new RegistryException("transaction " + tx.hash() + " created no job in " + escrow.contract() + " (no JobCreated event)");
    }

    /** As the provider: hands in the hash of the result, once, until the deadline. */
    public SentTransaction submit(BigInteger jobId, byte[] resultHash) {
        return escrow.send(new Function("submit", List.of(new Uint256(jobId), new Bytes32(hash32(resultHash, "result hash"))), List.of()),
                "submit the result of job " + jobId);
    }

    /** As the evaluator: accepts the submitted result; the provider is paid. */
    public SentTransaction complete(BigInteger jobId, byte[] reason) {
        return escrow.send(new Function("complete", List.of(new Uint256(jobId), new Bytes32(hash32(reason, "reason"))), List.of()),
                "complete job " + jobId + " and pay its provider");
    }

    /** As the evaluator: refuses the job; the client is refunded. */
    public SentTransaction reject(BigInteger jobId, byte[] reason) {
        return escrow.send(new Function("reject", List.of(new Uint256(jobId), new Bytes32(hash32(reason, "reason"))), List.of()),
                "reject job " + jobId + " and refund its client");
    }

    /** As anyone, after the deadline: returns an unsettled job's funds to its client. */
    public SentTransaction claimRefund(BigInteger jobId) {
        return escrow.send(new Function("claimRefund", List.of(new Uint256(jobId)), List.of()), "refund job " + jobId + " to its client");
    }

    @SuppressWarnings("rawtypes")
    public Job job(BigInteger jobId) {
        List<Type> out = escrow.read(new Function("getJob", List.of(new Uint256(jobId)), List.of(
                new TypeReference<Address>() { }, new TypeReference<Uint64>() { }, new TypeReference<Uint8>() { },
                new TypeReference<Address>() { }, new TypeReference<Address>() { }, new TypeReference<Address>() { },
                new TypeReference<Uint256>() { }, new TypeReference<Bytes32>() { }, new TypeReference<Bytes32>() { })));
        EvmAddress token = address(out.get(5));
        String result = Numeric.toHexString((byte[]) out.get(8).getValue());
        return new Job(jobId, address(out.get(0)), address(out.get(3)), address(out.get(4)),
                Amount.ofUnits(token(token), (BigInteger) out.get(6).getValue()),
                Instant.ofEpochSecond(((BigInteger) out.get(1).getValue()).longValueExact()),
                JobStatus.values()[((BigInteger) out.get(2).getValue()).intValueExact()],
                Numeric.toHexString((byte[]) out.get(7).getValue()), Optional.of(result).filter(r -> !r.equals(ZERO_WORD)));
    }

    /** The token's symbol and decimals, read once per token. */
    @SuppressWarnings("rawtypes")
    private Asset.Erc20Token token(EvmAddress contract) {
        return tokens.computeIfAbsent(contract, c -> {
            List<Type> symbol = decode(escrow.ethCall(c, FunctionEncoder.encode(new Function("symbol", List.of(), List.of())), "symbol"),
                    new TypeReference<Utf8String>() { });
            List<Type> decimals = decode(escrow.ethCall(c, FunctionEncoder.encode(new Function("decimals", List.of(), List.of())), "decimals"),
                    new TypeReference<Uint8>() { });
            if (symbol.isEmpty() || decimals.isEmpty()) {
                throw new RegistryException("the job's token " + c + " does not answer symbol() and decimals() like an ERC-20 token");
            }
            return new Asset.Erc20Token(escrow.sender().chainId(), c, (String) symbol.get(0).getValue(),
                    ((BigInteger) decimals.get(0).getValue()).intValueExact());
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Type> decode(String returned, TypeReference<?> type) {
        return FunctionReturnDecoder.decode(returned, (List) List.of(type));
    }

    @SuppressWarnings("rawtypes")
    private static EvmAddress address(Type value) {
        return EvmAddress.of((String) value.getValue());
    }

    private static byte[] hash32(byte[] hash, String what) {
        if (hash == null || hash.length != 32) {
            throw new InvalidInputException("the " + what + " must be 32 bytes (a keccak-256 hash)");
        }
        return hash;
    }
}
