package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test helper: deploys the compiled fixtures on the devnet's anvil and sends transactions from dev accounts. */
final class Chain {

    static final BigInteger ETH = BigInteger.TEN.pow(18);

    final EthJsonRpc rpc;
    final String owner;
    final String other;
    final long chainId;
    final Map<EvmAddress, EvmAddress> pairs = new java.util.concurrent.ConcurrentHashMap<>();

    Chain(Devnet devnet) {
        this.rpc = devnet.evm().rpc();
        this.owner = devnet.evm().accounts().get(0).address().toLowerCase();
        this.other = devnet.evm().accounts().get(1).address().toLowerCase();
        this.chainId = devnet.evm().chainId();
    }

    PairLocator pairLocator() {
        return (chain, token) -> Optional.ofNullable(pairs.get(token));
    }

    /** Deploys {@code contract} (a fixture compiled into test-classes/solidity) with ABI-encoded constructor args. */
    String deploy(String contract, String args) {
        String data = bytecode(contract) + args;
        JsonNode receipt = send(owner, null, data, BigInteger.ZERO);
        return receipt.get("contractAddress").asText().toLowerCase();
    }

    static String bytecode(String contract) {
        try (var in = Chain.class.getResourceAsStream("/solidity/" + contract + ".json")) {
            if (in == null) {
                throw new IllegalStateException("fixture " + contract + " is not compiled; run mvn process-test-classes");
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("bytecode").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode send(String from, String to, String data, BigInteger value) {
        Map<String, String> tx = new HashMap<>(Map.of("from", from, "data", data, "value", "0x" + value.toString(16)));
        if (to != null) {
            tx.put("to", to);
        }
        String hash = rpc.call("eth_sendTransaction", tx).asText();
        JsonNode receipt = rpc.awaitReceipt(hash, Duration.ofSeconds(30));
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new IllegalStateException("fixture transaction reverted: " + receipt);
        }
        return receipt;
    }

    void call(String to, String signature, String args) {
        send(owner, to, Abi.selector(signature) + args, BigInteger.ZERO);
    }

    /** A token fixture with a MiniPair holding 100,000 tokens and 10 ETH; the pair is registered for simulation. */
    String tokenWithPair(String contract) {
        String token = deploy(contract, "");
        String pair = deploy("MiniPair", Abi.word(token));
        if (hasFunction(contract, "setPair")) {
            call(token, "setPair(address)", Abi.word(pair));
        }
        if (hasFunction(contract, "setWhitelist")) {
            call(token, "setWhitelist(address,bool)", Abi.word(pair) + Abi.word(BigInteger.ONE));
        }
        call(token, "transfer(address,uint256)", Abi.word(pair) + Abi.word(ETH.multiply(BigInteger.valueOf(100_000))));
        send(owner, pair, Abi.selector("addLiquidity()"), ETH.multiply(BigInteger.TEN));
        pairs.put(EvmAddress.of(token), EvmAddress.of(pair));
        return token;
    }

    static boolean hasFunction(String contract, String name) {
        try (var in = Chain.class.getResourceAsStream("/solidity/" + contract + ".json")) {
            JsonNode abi = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("abi");
            for (JsonNode e : abi) {
                if (name.equals(e.path("name").asText())) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ABI encoding of (address, bytes). */
    static String addressAndBytes(String address, String callData) {
        String d = Abi.strip(callData);
        int len = d.length() / 2;
        String padded = d + "0".repeat((64 - d.length() % 64) % 64);
        return Abi.word(address) + Abi.word(BigInteger.valueOf(64)) + Abi.word(BigInteger.valueOf(len)) + padded;
    }

    /** ABI encoding of (uint256 minDelay, address[] proposers, address[] executors, address admin), one address each. */
    static String timelockArgs(long delay, String member) {
        return Abi.word(BigInteger.valueOf(delay)) + Abi.word(BigInteger.valueOf(128)) + Abi.word(BigInteger.valueOf(192))
                + Abi.word(member) + Abi.word(BigInteger.ONE) + Abi.word(member) + Abi.word(BigInteger.ONE) + Abi.word(member);
    }

    static List<String> topics(JsonNode receipt) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode log : receipt.path("logs")) {
            out.add(log.path("data").asText());
        }
        return out;
    }
}
