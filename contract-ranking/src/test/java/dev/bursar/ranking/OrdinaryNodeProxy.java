package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test peer: the devnet's anvil seen as an ordinary hosted node. Standard JSON-RPC passes through; anvil's own methods
 * (snapshots, impersonation) and every way of sending a transaction are refused as a public RPC refuses them, and the
 * client version is a Geth one. Records what was refused, so a test can show nothing was ever broadcast.
 */
final class OrdinaryNodeProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REFUSED_PREFIXES = List.of("anvil_", "evm_", "hardhat_", "debug_", "ots_", "trace_");
    private static final List<String> SENDS = List.of("eth_sendTransaction", "eth_sendRawTransaction");

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    OrdinaryNodeProxy(URI upstream) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode request = JSON.readTree(body);
            byte[] answer;
            if (request.isObject() && blocked(request.path("method").asText())) {
                refused.add(request.path("method").asText());
                ObjectNode error = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", request.get("id"));
                error.putObject("error").put("code", -32601).put("message", "the method " + request.path("method").asText()
                        + " does not exist/is not available");
                answer = JSON.writeValueAsBytes(error);
            } else if (request.isObject() && request.path("method").asText().equals("web3_clientVersion")) {
                ObjectNode ok = JSON.createObjectNode().put("jsonrpc", "2.0").put("result", "Geth/v1.14.12-stable/linux-amd64/go1.23.4");
                ok.set("id", request.get("id"));
                answer = JSON.writeValueAsBytes(ok);
            } else {
                if (request.isArray()) {
                    for (JsonNode r : request) {
                        if (blocked(r.path("method").asText())) {
                            refused.add(r.path("method").asText());
                        }
                    }
                }
                try {
                    answer = http.send(HttpRequest.newBuilder(upstream).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    private static boolean blocked(String method) {
        return SENDS.contains(method) || REFUSED_PREFIXES.stream().anyMatch(method::startsWith);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The methods refused so far, in order. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
