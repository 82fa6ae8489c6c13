package dev.bursar.devnet.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploys the devnet's own contracts (compiled at build time from {@code src/main/solidity}) and hands each funded dev
 * account a balance of the test tokens: dUSD ({@code DevToken}) and dUSDC ({@code DevUsdc}, EIP-3009, for x402); and
 * the agent registry contracts ({@code IdentityRegistry}, {@code ReputationRegistry}: ERC-8004; {@code JobEscrow}).
 */
public final class DevContracts {

    /** dUSD has 6 decimals; every dev account gets 1,000,000 dUSD. */
    public static final BigInteger DUSD_PER_ACCOUNT = BigInteger.valueOf(1_000_000L).multiply(BigInteger.TEN.pow(6));

    /** dUSDC has 6 decimals; every dev account gets 1,000,000 dUSDC. */
    public static final BigInteger DUSDC_PER_ACCOUNT = BigInteger.valueOf(1_000_000L).multiply(BigInteger.TEN.pow(6));
    /** DevUsdc's ERC-20 name, which is also its EIP-712 domain name (x402's {@code extra.name}). */
    public static final String DEV_USDC_NAME = "Dev USD Coin";
    /** DevUsdc's EIP-712 domain version, as USDC's (x402's {@code extra.version}). */
    public static final String DEV_USDC_VERSION = "2";
    /**
     * Sends DevUsdc's deployment as an impersonated account, so no dev account's nonce moves and DevUsdc's address
     * depends on nothing else the devnet deploys.
     */
    public static final String DEV_USDC_DEPLOYER = "0x0000000000000000000000000000000000003009";

    /**
     * Sends the agent registry contracts' deployments as an impersonated account, so no dev account's nonce moves and
     * their addresses depend on nothing else the devnet deploys.
     */
    public static final String AGENT_REGISTRY_DEPLOYER = "0x0000000000000000000000000000000000008004";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSFER_SELECTOR = "a9059cbb";

    private DevContracts() {
    }

    /**
     * Deploys DevToken from the first account, funds the others and hands {@link UniswapV2#DEPLOYER} the dUSD of the
     * devnet's pool; returns contract name → address.
     */
    public static Map<String, String> deploy(EthJsonRpc rpc, List<DevAccount> accounts) {
        String deployer = accounts.get(0).address();
        BigInteger supply = DUSD_PER_ACCOUNT.multiply(BigInteger.valueOf(accounts.size())).add(UniswapV2.POOL_DUSD);
        String data = artifact("DevToken").get("bytecode").asText() + word(supply);
        JsonNode receipt = send(rpc, Map.of("from", deployer, "data", data));
        String token = receipt.get("contractAddress").asText();
        for (DevAccount account : accounts.subList(1, accounts.size())) {
            send(rpc, Map.of("from", deployer, "to", token,
                    "data", "0x" + TRANSFER_SELECTOR + word(new BigInteger(account.address().substring(2), 16)) + word(DUSD_PER_ACCOUNT)));
        }
        send(rpc, Map.of("from", deployer, "to", token,
                "data", "0x" + TRANSFER_SELECTOR + word(new BigInteger(UniswapV2.DEPLOYER.substring(2), 16)) + word(UniswapV2.POOL_DUSD)));
        return Map.of("DevToken", token);
    }

    /**
     * Deploys DevUsdc (dUSDC: 6 decimals, EIP-3009 {@code transferWithAuthorization}, EIP-712 domain
     * {@value #DEV_USDC_NAME} / {@value #DEV_USDC_VERSION}) from {@link #DEV_USDC_DEPLOYER}, minting
     * {@link #DUSDC_PER_ACCOUNT} to each of {@code accounts}; returns {@code DevUsdc} → address.
     */
    public static Map<String, String> deployUsdc(EthJsonRpc rpc, List<DevAccount> accounts) {
        rpc.call("anvil_setBalance", DEV_USDC_DEPLOYER, "0x" + BigInteger.TEN.pow(19).toString(16));
        rpc.call("anvil_impersonateAccount", DEV_USDC_DEPLOYER);
        try {
            // constructor(address[] holders, uint256 amountEach): head (offset of the array, amount), then the array
            StringBuilder data = new StringBuilder(artifact("DevUsdc").get("bytecode").asText())
                    .append(word(BigInteger.valueOf(64))).append(word(DUSDC_PER_ACCOUNT))
                    .append(word(BigInteger.valueOf(accounts.size())));
            accounts.forEach(a -> data.append(word(new BigInteger(a.address().substring(2), 16))));
            JsonNode receipt = send(rpc, Map.of("from", DEV_USDC_DEPLOYER, "data", data.toString()));
            return Map.of("DevUsdc", receipt.get("contractAddress").asText());
        } finally {
            rpc.call("anvil_stopImpersonatingAccount", DEV_USDC_DEPLOYER);
        }
    }

    /**
     * Deploys the ERC-8004 {@code IdentityRegistry}, the {@code ReputationRegistry} bound to it, and {@code JobEscrow}
     * from {@link #AGENT_REGISTRY_DEPLOYER} (nonces 0, 1, 2, so their addresses never change); returns name → address.
     */
    public static Map<String, String> deployAgentRegistry(EthJsonRpc rpc) {
        rpc.call("anvil_setBalance", AGENT_REGISTRY_DEPLOYER, "0x" + BigInteger.TEN.pow(19).toString(16));
        rpc.call("anvil_impersonateAccount", AGENT_REGISTRY_DEPLOYER);
        try {
            Map<String, String> deployed = new LinkedHashMap<>();
            String identity = deployFrom(rpc, AGENT_REGISTRY_DEPLOYER, artifact("IdentityRegistry").get("bytecode").asText());
            deployed.put("IdentityRegistry", identity);
            deployed.put("ReputationRegistry", deployFrom(rpc, AGENT_REGISTRY_DEPLOYER,
                    artifact("ReputationRegistry").get("bytecode").asText() + word(new BigInteger(identity.substring(2), 16))));
            deployed.put("JobEscrow", deployFrom(rpc, AGENT_REGISTRY_DEPLOYER, artifact("JobEscrow").get("bytecode").asText()));
            return deployed;
        } finally {
            rpc.call("anvil_stopImpersonatingAccount", AGENT_REGISTRY_DEPLOYER);
        }
    }

    /** The build-time artifact of {@code contractName}: abi, bytecode, deployedBytecode. */
    public static JsonNode artifact(String contractName) {
        String resource = "/solidity/" + contractName + ".json";
        try (InputStream in = DevContracts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DevnetException(resource + " is not on the classpath; build the devnet module with ./bursar (it compiles src/main/solidity)");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new DevnetException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String deployFrom(EthJsonRpc rpc, String from, String data) {
        return send(rpc, Map.of("from", from, "data", data)).get("contractAddress").asText();
    }

    private static JsonNode send(EthJsonRpc rpc, Map<String, String> tx) {
        String hash = rpc.call("eth_sendTransaction", tx).asText();
        JsonNode receipt = rpc.awaitReceipt(hash, Duration.ofSeconds(60));
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new DevnetException("devnet contract transaction " + hash + " reverted: " + receipt);
        }
        return receipt;
    }

    private static String word(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }
}
