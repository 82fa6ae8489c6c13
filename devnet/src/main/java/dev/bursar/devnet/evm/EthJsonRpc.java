package dev.bursar.devnet.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Ethereum JSON-RPC client for the devnet's own needs (readiness, funding, deploying dev contracts);
 * wallets use web3j, never this.
 */
public final class EthJsonRpc {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong ids = new AtomicLong();

    public EthJsonRpc(URI url) {
        this.url = url;
    }

    /** Calls {@code method} with {@code params} (strings, numbers or JSON nodes) and returns its {@code result}. */
    public JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object p : params) {
            array.add(JSON.valueToTree(p));
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (body.hasNonNull("error")) {
                throw new DevnetException(method + " failed at " + url + ": " + body.get("error"));
            }
            return body.get("result");
        } catch (IOException e) {
            throw new DevnetException(method + " failed: the EVM node at " + url + " is unreachable (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while calling " + method, e);
        }
    }

    public long chainId() {
        return quantity(call("eth_chainId")).longValueExact();
    }

    public BigInteger balance(String address) {
        return quantity(call("eth_getBalance", address, "latest"));
    }

    /** Waits for the receipt of {@code txHash}; throws if it does not come within {@code timeout}. */
    public JsonNode awaitReceipt(String txHash, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode receipt = call("eth_getTransactionReceipt", txHash);
            if (receipt != null && !receipt.isNull()) {
                return receipt;
            }
            pause();
        }
        throw new DevnetException("no receipt for " + txHash + " within " + timeout.toSeconds() + " s");
    }

    public static BigInteger quantity(JsonNode hex) {
        String text = hex.asText();
        return new BigInteger(text.startsWith("0x") ? text.substring(2) : text, 16);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while waiting for a receipt", e);
        }
    }
}
