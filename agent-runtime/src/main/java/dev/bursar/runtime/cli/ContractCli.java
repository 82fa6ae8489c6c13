package dev.bursar.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code ./bursar contract <address> [--chain ID]}: a contract's safety report from a running runtime
 * ({@code GET /api/contracts/{chainId}/{address}}), printed as verdict, score, confidence and each finding with its
 * evidence. Reads the API key from {@code BURSAR_API_KEY}; the chain defaults to the devnet's 31337.
 */
public final class ContractCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractCli() {
    }

    public static void main(String[] args) throws Exception {
        String address = null;
        long chain = 31337;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--chain") && i + 1 < args.length) {
                chain = Long.parseLong(args[++i]);
            } else if (address == null && !args[i].startsWith("--")) {
                address = args[i];
            } else {
                address = null;
                break;
            }
        }
        String key = System.getenv("BURSAR_API_KEY");
        if (address == null || key == null || key.isBlank()) {
            System.err.println("usage: bursar contract <address> [--chain ID]   (BURSAR_API_KEY and BURSAR_URL from the environment; "
                    + "the demo writes the key to data/demo/keys/demo.key)");
            System.exit(2);
        }
        URI base = URI.create(System.getenv().getOrDefault("BURSAR_URL", "http://127.0.0.1:8080"));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/contracts/" + chain + "/" + address))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + key.trim()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        System.exit(print(r.statusCode(), r.body(), System.out));
    }

    /** Prints a report or the API's error; returns the exit status (0 ALLOW, 1 WARN, 3 BLOCK, 2 error). */
    static int print(int status, String body, PrintStream out) throws java.io.IOException {
        JsonNode json = JSON.readTree(body);
        if (status != 200) {
            out.println("error " + status + ": " + json.path("error").asText(body));
            return 2;
        }
        out.printf("%s on chain %d: %s, score %d, confidence %.2f (block %d)%n", json.path("address").asText(), json.path("chainId").asLong(),
                json.path("verdict").asText(), json.path("score").asInt(), json.path("confidence").asDouble(), json.path("block").asLong());
        for (JsonNode f : json.path("findings")) {
            out.printf("  %-8s %-24s %s  [%s%s]%n", f.path("severity").asText(), f.path("code").asText(), f.path("evidence").asText(),
                    f.path("source").asText(), f.path("penalty").asInt() > 0 ? ", -" + f.path("penalty").asInt() : "");
        }
        return switch (json.path("verdict").asText()) {
            case "ALLOW" -> 0;
            case "WARN" -> 1;
            default -> 3;
        };
    }
}
