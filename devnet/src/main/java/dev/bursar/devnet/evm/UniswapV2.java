package dev.bursar.devnet.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deploys real Uniswap V2 on the devnet from the build artifacts published on npm ({@code canonical-weth@1.4.0}'s
 * WETH9, {@code @uniswap/v2-core@1.0.1}'s factory, {@code @uniswap/v2-periphery@1.1.0-beta.0}'s Router02: the
 * core package's pair bytecode hashes to the init code hash the router has built in, so the router finds the
 * factory's pairs), then seeds a dUSD/WETH pool. A dedicated impersonated deployer sends every transaction, so the
 * dev accounts' nonces and balances stay as they were.
 */
public final class UniswapV2 {

    /** Sends the deployment transactions; no dev account's nonce moves. */
    public static final String DEPLOYER = "0x00000000000000000000000000000000000b0550";
    /** dUSD (6 decimals) in the seeded pool: 100,000 dUSD. */
    public static final BigInteger POOL_DUSD = BigInteger.valueOf(100_000L).multiply(BigInteger.TEN.pow(6));
    /** ETH in the seeded pool: 40 ETH, so 1 ETH buys about 2,500 dUSD. */
    public static final BigInteger POOL_WEI = BigInteger.valueOf(40).multiply(BigInteger.TEN.pow(18));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPROVE = "095ea7b3";
    /** {@code addLiquidityETH(address,uint256,uint256,uint256,address,uint256)}. */
    private static final String ADD_LIQUIDITY_ETH = "f305d719";

    private UniswapV2() {
    }

    /**
     * Deploys WETH9, the factory and Router02 and seeds a pool of {@code dusd} (which {@code DEPLOYER} must already
     * hold {@link #POOL_DUSD} of) against WETH.
     *
     * @return contract name → address: {@code WETH9}, {@code UniswapV2Factory}, {@code UniswapV2Router02},
     *         {@code UniswapV2Pair:DevToken}
     */
    public static Map<String, String> deploy(EthJsonRpc rpc, Path nodeModules, String dusd) {
        rpc.call("anvil_setBalance", DEPLOYER, "0x" + POOL_WEI.add(BigInteger.TEN.pow(20)).toString(16));
        rpc.call("anvil_impersonateAccount", DEPLOYER);
        try {
            String weth = create(rpc, bytecode(nodeModules, "canonical-weth/build/contracts/WETH9.json"));
            String factory = create(rpc, bytecode(nodeModules, "@uniswap/v2-core/build/UniswapV2Factory.json") + word(DEPLOYER));
            String router = create(rpc, bytecode(nodeModules, "@uniswap/v2-periphery/build/UniswapV2Router02.json")
                    + word(factory) + word(weth));
            send(rpc, dusd, "0x" + APPROVE + word(router) + word(POOL_DUSD), BigInteger.ZERO);
            BigInteger deadline = BigInteger.TWO.pow(40);
            send(rpc, router, "0x" + ADD_LIQUIDITY_ETH + word(dusd) + word(POOL_DUSD) + word(POOL_DUSD) + word(POOL_WEI)
                    + word(DEPLOYER) + word(deadline), POOL_WEI);
            String pair = "0x" + rpc.call("eth_call", Map.of("to", factory, "data", "0xe6a43905" + word(dusd) + word(weth)), "latest")
                    .asText().substring(26);
            Map<String, String> out = new LinkedHashMap<>();
            out.put("WETH9", weth);
            out.put("UniswapV2Factory", factory);
            out.put("UniswapV2Router02", router);
            out.put("UniswapV2Pair:DevToken", pair);
            return out;
        } finally {
            rpc.call("anvil_stopImpersonatingAccount", DEPLOYER);
        }
    }

    private static String create(EthJsonRpc rpc, String data) {
        return send(rpc, null, data, BigInteger.ZERO).get("contractAddress").asText();
    }

    private static JsonNode send(EthJsonRpc rpc, String to, String data, BigInteger value) {
        Map<String, String> tx = new LinkedHashMap<>();
        tx.put("from", DEPLOYER);
        if (to != null) {
            tx.put("to", to);
        }
        tx.put("data", data);
        tx.put("value", "0x" + value.toString(16));
        tx.put("gas", "0x989680");
        String hash = rpc.call("eth_sendTransaction", tx).asText();
        JsonNode receipt = rpc.awaitReceipt(hash, Duration.ofSeconds(60));
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new DevnetException("Uniswap V2 deployment transaction " + hash + " reverted: " + receipt);
        }
        return receipt;
    }

    private static String bytecode(Path nodeModules, String artifact) {
        Path file = nodeModules.resolve(artifact);
        try {
            JsonNode json = JSON.readTree(Files.readAllBytes(file));
            String hex = json.path("bytecode").asText("");
            if (hex.isEmpty()) {
                hex = json.path("evm").path("bytecode").path("object").asText("");
            }
            if (hex.isEmpty()) {
                throw new DevnetException(file + " has no bytecode");
            }
            return hex.startsWith("0x") ? hex : "0x" + hex;
        } catch (IOException e) {
            throw new DevnetException("cannot read the npm artifact " + file + ": " + e.getMessage(), e);
        }
    }

    private static String word(String address) {
        return "0".repeat(24) + address.substring(2).toLowerCase();
    }

    private static String word(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }
}
