package dev.bursar.l402.x402.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.wallet.PeerUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A {@link Facilitator} over HTTP, as x402's {@code HTTPFacilitatorClient} speaks to one: JSON
 * {@code {x402Version, paymentPayload, paymentRequirements}} posted to {@code <url>/verify} and {@code <url>/settle}.
 * The seller configures the URL; there is no default, so nothing is sent to a facilitator nobody chose.
 */
public final class HttpFacilitator implements Facilitator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public HttpFacilitator(URI base, Duration timeout) {
        if (base == null || base.getHost() == null) {
            throw new IllegalArgumentException("the facilitator URL must be absolute, such as http://127.0.0.1:4022");
        }
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    @Override
    public JsonNode verify(int x402Version, JsonNode paymentPayload, JsonNode paymentRequirements) {
        return post("verify", x402Version, paymentPayload, paymentRequirements);
    }

    @Override
    public JsonNode settle(int x402Version, JsonNode paymentPayload, JsonNode paymentRequirements) {
        return post("settle", x402Version, paymentPayload, paymentRequirements);
    }

    /** The facilitator's {@code GET /supported}: the kinds of payment it can verify and settle. */
    public JsonNode supported() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("supported")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return read(response, "supported");
        } catch (IOException e) {
            throw new PeerUnavailableException("the x402 facilitator at " + base + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted while asking the x402 facilitator at " + base, e);
        }
    }

    private JsonNode post(String path, int version, JsonNode payload, JsonNode requirements) {
        ObjectNode body = JSON.createObjectNode();
        body.put("x402Version", version);
        body.set("paymentPayload", payload);
        body.set("paymentRequirements", requirements);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            return read(response, path);
        } catch (IOException e) {
            throw new PeerUnavailableException("the x402 facilitator at " + base + " cannot be reached for /" + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted while calling the x402 facilitator's /" + path, e);
        }
    }

    private JsonNode read(HttpResponse<String> response, String path) throws IOException {
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PeerUnavailableException("the x402 facilitator's /" + path + " answered " + response.statusCode() + " without JSON", e);
        }
        if (answer == null || !answer.isObject()) {
            throw new PeerUnavailableException("the x402 facilitator's /" + path + " answered " + response.statusCode() + " without a JSON object", null);
        }
        return answer;
    }
}
