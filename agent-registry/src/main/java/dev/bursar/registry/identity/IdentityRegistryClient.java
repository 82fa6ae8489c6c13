package dev.bursar.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.registry.ContractError;
import dev.bursar.registry.ContractGateway;
import dev.bursar.registry.RegistryException;
import dev.bursar.registry.SentTransaction;
import dev.bursar.registry.TransactionSender;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.evm.EvmSigner;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Client of an ERC-8004 identity registry: registers agents, updates their agentURI and metadata, sets their payment
 * wallet with the new wallet's EIP-712 proof, and reads owner, agentURI, metadata and wallet. Transactions go through the
 * {@link TransactionSender}; the caller's account is the agent's owner.
 */
public final class IdentityRegistryClient {

    /** The registry's EIP-712 domain name and version (as in the canonical deployments). */
    public static final String EIP712_NAME = "ERC8004IdentityRegistry";
    public static final String EIP712_VERSION = "1";
    /** The longest a wallet proof may stay valid: the registry refuses deadlines further ahead. */
    public static final Duration MAX_PROOF_VALIDITY = Duration.ofMinutes(5);

    static final List<ContractError> ERRORS = List.of(
            new ContractError("NotAuthorized(uint256,address)", "only the agent's owner, an operator or its approved address may do this;"
                    + " send it from the owner's account"),
            new ContractError("ReservedMetadataKey(string)", "\"agentWallet\" is set only with setAgentWallet and a proof from the wallet"),
            new ContractError("ZeroWallet()", "the agent wallet cannot be the zero address"),
            new ContractError("WalletProofExpired(uint256,uint256)", "the wallet proof's deadline has passed; sign a fresh proof"),
            new ContractError("WalletProofDeadlineTooFar(uint256,uint256)", "a wallet proof may be valid for at most 5 minutes;"
                    + " sign one with a nearer deadline"),
            new ContractError("InvalidWalletSignature(address)", "the signature is not the new wallet's EIP-712 AgentWalletSet proof for"
                    + " this agent, owner, deadline, chain and registry; have the new wallet sign it again"),
            new ContractError("ERC721NonexistentToken(uint256)", "no agent has this id in this registry; check the agent id"),
            new ContractError("ERC721InvalidReceiver(address)", "the registering account is a contract that does not accept ERC-721"
                    + " tokens (no onERC721Received); register from an account that does"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Event REGISTERED = new Event("Registered", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Utf8String>() { }, new TypeReference<Address>(true) { }));

    private final ContractGateway registry;

    /** The registry's calls that move no value, for a policy's {@code declareCalls}: registering an agent and pointing it at a file. */
    public static final List<String> VALUE_NEUTRAL_CALLS = List.of(
            org.web3j.crypto.Hash.sha3String("register(string)").substring(0, 10),
            org.web3j.crypto.Hash.sha3String("setAgentURI(uint256,string)").substring(0, 10));

    public IdentityRegistryClient(Web3j web3j, EvmAddress registry, TransactionSender sender) {
        this.registry = new ContractGateway(web3j, registry, sender, "IdentityRegistry", ERRORS);
    }

    public EvmAddress address() {
        return registry.contract();
    }

    /** Registers a new agent owned by the sender, pointing at its registration file; returns its agent id. */
    public BigInteger register(String agentUri) {
        requireUri(agentUri);
        SentTransaction tx = registry.send(new Function("register", List.of(new Utf8String(agentUri)), List.of()),
                "register an agent in the ERC-8004 identity registry");
        return registeredIn(tx);
    }

    /** The agent id a registration transaction created (for a registration resumed after approval). */
    public BigInteger registeredIn(SentTransaction tx) {
        String topic = EventEncoder.encode(REGISTERED);
        for (Log log : tx.logs()) {
            if (log.getAddress().equalsIgnoreCase(registry.contract().value()) && !log.getTopics().isEmpty()
                    && log.getTopics().get(0).equalsIgnoreCase(topic)) {
                return Numeric.toBigInt(log.getTopics().get(1));
            }
        }
        throw new RegistryException("transaction " + tx.hash() + " registered no agent in " + registry.contract()
                + " (no Registered event): was it a registration?");
    }

    /**
     * Registers a new agent with on-chain metadata entries (key → raw bytes, in order); the key {@code agentWallet} is
     * reserved. Returns its agent id.
     */
    public BigInteger register(String agentUri, Map<String, byte[]> metadata) {
        requireUri(agentUri);
        List<DynamicStruct> entries = metadata.entrySet().stream()
                .map(e -> new DynamicStruct(new Utf8String(e.getKey()), new DynamicBytes(e.getValue()))).toList();
        SentTransaction tx = registry.send(new Function("register", List.of(new Utf8String(agentUri),
                        new DynamicArray<>(DynamicStruct.class, entries)), List.of()),
                "register an agent with " + metadata.size() + " metadata entries in the ERC-8004 identity registry");
        return registeredIn(tx);
    }

    /** Sets an on-chain metadata entry of the agent; the sender must be its owner or operator. */
    public SentTransaction setMetadata(BigInteger agentId, String key, byte[] value) {
        return registry.send(new Function("setMetadata", List.of(new Uint256(agentId), new Utf8String(key), new DynamicBytes(value)),
                List.of()), "set metadata '" + key + "' of agent " + agentId);
    }

    /** An on-chain metadata entry of the agent (empty when unset); {@code agentWallet} reads as the wallet's 20 bytes. */
    public byte[] metadata(BigInteger agentId, String key) {
        return (byte[]) registry.read(new Function("getMetadata", List.of(new Uint256(agentId), new Utf8String(key)),
                List.of(new TypeReference<DynamicBytes>() { }))).get(0).getValue();
    }

    /** Points agent {@code agentId} at a new registration file; the sender must be its owner or operator. */
    public SentTransaction setAgentUri(BigInteger agentId, String newUri) {
        requireUri(newUri);
        return registry.send(new Function("setAgentURI", List.of(new Uint256(agentId), new Utf8String(newUri)), List.of()),
                "update the agentURI of agent " + agentId);
    }

    /**
     * Has {@code newWallet} sign its consent to be agent {@code agentId}'s payment wallet, valid for {@code validFor}
     * (at most {@link #MAX_PROOF_VALIDITY}) from the chain's latest block time. The owner is read from the chain.
     */
    public AgentWalletProof proveWallet(BigInteger agentId, EvmSigner newWallet, Duration validFor) {
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_PROOF_VALIDITY) > 0) {
            throw new InvalidInputException("a wallet proof must be valid for 1 s to " + MAX_PROOF_VALIDITY.toMinutes() + " min, got " + validFor);
        }
        BigInteger deadline = BigInteger.valueOf(registry.latestBlockTimestamp() + validFor.toSeconds());
        return proveWallet(agentId, ownerOf(agentId), deadline, newWallet);
    }

    /** Has {@code newWallet} sign {@code AgentWalletSet(agentId, newWallet, owner, deadline)} as given (no chain reads). */
    public AgentWalletProof proveWallet(BigInteger agentId, EvmAddress owner, BigInteger deadline, EvmSigner newWallet) {
        String signature = newWallet.signTypedData(typedData(agentId, newWallet.address(), owner, deadline));
        return new AgentWalletProof(agentId, newWallet.address(), owner, deadline, signature);
    }

    /** Sets the agent's payment wallet with the wallet's proof; the sender must be the owner (or an operator). */
    public SentTransaction setAgentWallet(AgentWalletProof proof) {
        return registry.send(new Function("setAgentWallet", List.of(new Uint256(proof.agentId()),
                        new Address(proof.newWallet().lowerCase()), new Uint256(proof.deadline()),
                        new DynamicBytes(Numeric.hexStringToByteArray(proof.signature()))), List.of()),
                "set the payment wallet of agent " + proof.agentId() + " to " + proof.newWallet());
    }

    public EvmAddress ownerOf(BigInteger agentId) {
        return address(registry.read(new Function("ownerOf", List.of(new Uint256(agentId)), List.of(new TypeReference<Address>() { }))));
    }

    /** The agentURI (registration file) of the agent; empty when it was registered without one. */
    public String agentUri(BigInteger agentId) {
        return (String) registry.read(new Function("tokenURI", List.of(new Uint256(agentId)),
                List.of(new TypeReference<Utf8String>() { }))).get(0).getValue();
    }

    /** Where the agent is paid; the zero address after a transfer until the new owner sets one. */
    public EvmAddress agentWallet(BigInteger agentId) {
        return address(registry.read(new Function("getAgentWallet", List.of(new Uint256(agentId)),
                List.of(new TypeReference<Address>() { }))));
    }

    /** EIP-712 typed data of {@code AgentWalletSet} under this registry's domain, as the JSON web3j signs. */
    String typedData(BigInteger agentId, EvmAddress newWallet, EvmAddress owner, BigInteger deadline) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode types = root.putObject("types");
        field(field(field(field(types.putArray("EIP712Domain"), "name", "string"), "version", "string"), "chainId", "uint256"),
                "verifyingContract", "address");
        field(field(field(field(types.putArray("AgentWalletSet"), "agentId", "uint256"), "newWallet", "address"), "owner", "address"),
                "deadline", "uint256");
        root.put("primaryType", "AgentWalletSet");
        ObjectNode domain = root.putObject("domain");
        domain.put("name", EIP712_NAME);
        domain.put("version", EIP712_VERSION);
        domain.put("chainId", registry.sender().chainId());
        domain.put("verifyingContract", registry.contract().lowerCase());
        ObjectNode message = root.putObject("message");
        message.put("agentId", agentId.toString());
        message.put("newWallet", newWallet.lowerCase());
        message.put("owner", owner.lowerCase());
        message.put("deadline", deadline.toString());
        return root.toString();
    }

    private static ArrayNode field(ArrayNode fields, String name, String type) {
        fields.addObject().put("name", name).put("type", type);
        return fields;
    }

    @SuppressWarnings("rawtypes")
    private static EvmAddress address(List<org.web3j.abi.datatypes.Type> values) {
        return EvmAddress.of((String) values.get(0).getValue());
    }

    private static void requireUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidInputException("an agentURI is required: the https://, ipfs:// or data: address of the registration file");
        }
    }
}
