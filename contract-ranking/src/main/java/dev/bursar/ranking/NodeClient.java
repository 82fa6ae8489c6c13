package dev.bursar.ranking;

import dev.bursar.wallet.RedactedUrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * JSON-RPC to one EVM node, with a per-request timeout, a bound on requests in flight, a call counter, and a
 * read/write lock so a snapshot-based simulation ({@link #exclusive}) never lets other scans read simulated state.
 */
public final class NodeClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    /** What messages show of the URL: scheme, host and port (a hosted node's path carries its API key). */
    private final String printable;
    private final Duration timeout;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    private volatile List<Call> recording;

    /** A recorded request, for measuring the cost of the raw RPC calls alone. */
    public record Call(String method, List<Object> params) {
    }

    public NodeClient(URI url, Duration timeout, int maxConcurrentRequests) {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new RankingException("the node URL must be http(s)://host:port, got " + (url == null ? "none" : RedactedUrl.of(url.toString())));
        }
        if (maxConcurrentRequests < 1) {
            throw new RankingException("at least one concurrent node request is needed, got " + maxConcurrentRequests);
        }
        this.url = url;
        this.printable = RedactedUrl.of(url.toString());
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.inFlight = new Semaphore(maxConcurrentRequests);
    }

    public static NodeClient of(URI url) {
        return new NodeClient(url, Duration.ofSeconds(10), 16);
    }

    public URI url() {
        return url;
    }

    /** Requests sent so far. */
    public long callCount() {
        return calls.get();
    }

    /** Starts recording every request (method and params); {@link #stopRecording()} returns them. */
    public void startRecording() {
        recording = Collections.synchronizedList(new ArrayList<>());
    }

    public List<Call> stopRecording() {
        List<Call> r = recording;
        recording = null;
        return r == null ? List.of() : List.copyOf(r);
    }

    /** Runs {@code body} while no other thread may talk to the node (snapshot / simulate / revert). */
    public <T> T exclusive(java.util.function.Supplier<T> body) {
        state.writeLock().lock();
        try {
            return body.get();
        } finally {
            state.writeLock().unlock();
        }
    }

    /** Calls {@code method}; returns its result (JSON null for a null result); throws {@link NodeException}. */
    public JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object p : params) {
            array.add(JSON.valueToTree(p));
        }
        List<Call> rec = recording;
        if (rec != null) {
            rec.add(new Call(method, List.of(params)));
        }
        state.readLock().lock();
        try {
            inFlight.acquire();
            try {
                calls.incrementAndGet();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new NodeException(method, method + " failed: the node at " + printable + " answered HTTP "
                            + response.statusCode(), false, null, null);
                }
                JsonNode body;
                try {
                    body = JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new NodeException(method, method + " failed: the node at " + printable + " did not answer JSON-RPC", false, null, e);
                }
                JsonNode error = body.get("error");
                if (error != null && !error.isNull()) {
                    Integer code = error.has("code") ? error.get("code").asInt() : null;
                    throw new NodeException(method, method + " failed at " + printable + ": " + error.path("message").asText(error.toString()),
                            false, code, null);
                }
                JsonNode result = body.get("result");
                return result == null ? JSON.nullNode() : result;
            } finally {
                inFlight.release();
            }
        } catch (HttpTimeoutException e) {
            throw new NodeException(method, method + " timed out after " + timeout.toMillis() + " ms at " + printable
                    + "; the node is slow or stuck, raise the timeout or check it", true, null, e);
        } catch (IOException e) {
            throw new NodeException(method, method + " failed: the node at " + printable + " is unreachable (" + e + ")", false, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(method, "interrupted while calling " + method, false, null, e);
        } finally {
            state.readLock().unlock();
        }
    }

    public long chainId() {
        return quantity(call("eth_chainId")).longValueExact();
    }

    public long blockNumber() {
        return quantity(call("eth_blockNumber")).longValueExact();
    }

    public String getCode(String address, String block) {
        return call("eth_getCode", address, block).asText();
    }

    public String getStorageAt(String address, String slot, String block) {
        return call("eth_getStorageAt", address, slot, block).asText();
    }

    /** eth_call; a revert comes back as a failed {@link CallResult}, node failures as {@link NodeException}. */
    public CallResult ethCall(String from, String to, String data, String block) {
        Map<String, String> tx = from == null ? Map.of("to", to, "data", data) : Map.of("from", from, "to", to, "data", data);
        try {
            return new CallResult(true, call("eth_call", tx, block).asText(), "");
        } catch (NodeException e) {
            if (e.rpcCode() != null && (e.rpcCode() == 3 || e.rpcCode() == -32000 || e.rpcCode() == -32003)
                    && !e.isTimeout() && isRevert(e.getMessage())) {
                return new CallResult(false, "0x", e.getMessage());
            }
            throw e;
        }
    }

    private static boolean isRevert(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("revert") || m.contains("invalid opcode") || m.contains("out of gas") || m.contains("execution");
    }

    public static BigInteger quantity(JsonNode hex) {
        String text = hex.asText();
        if (text.isEmpty() || "null".equals(text)) {
            throw new RankingException("the node returned no quantity where one was expected");
        }
        return new BigInteger(text.startsWith("0x") ? text.substring(2) : text, 16);
    }

    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** The answer of an eth_call: returned data, or a revert with the node's message. */
    public record CallResult(boolean success, String data, String revertReason) {
    }
}
