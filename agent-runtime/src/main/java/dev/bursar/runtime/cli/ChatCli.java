package dev.bursar.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code ./bursar chat <agent>}: the web chat in a terminal, against a running runtime. Reads the API key from
 * {@code BURSAR_API_KEY}; streams replies, shows tool calls, and asks before approving a held payment.
 */
public final class ChatCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String key;
    private final String agent;
    private final PrintStream out;
    private final String conversation = "cli-" + UUID.randomUUID().toString().substring(0, 8);

    ChatCli(URI base, String key, String agent, PrintStream out) {
        this.base = base;
        this.key = key;
        this.agent = agent;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: bursar chat <agent id>   (BURSAR_API_KEY and BURSAR_URL from the environment)");
            System.exit(2);
        }
        String key = System.getenv("BURSAR_API_KEY");
        if (key == null || key.isBlank()) {
            System.err.println("set BURSAR_API_KEY to your API key (the demo writes it to data/demo/keys/demo.key)");
            System.exit(2);
        }
        URI base = URI.create(System.getenv().getOrDefault("BURSAR_URL", "http://127.0.0.1:8080"));
        new ChatCli(base, key.trim(), args[0], System.out).run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    void run(BufferedReader in) throws IOException, InterruptedException {
        out.println("chatting with " + agent + " at " + base + " (empty line or Ctrl-D to quit)");
        while (true) {
            out.print("> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.isBlank()) {
                return;
            }
            turn(line, in);
        }
    }

    private void turn(String message, BufferedReader in) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("conversationId", conversation).put("message", message);
        HttpResponse<Stream<String>> response = http.send(request("/api/agents/" + agent + "/chat/stream")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            out.println("error " + response.statusCode() + ": " + String.join("\n", response.body().toList()));
            return;
        }
        String[] pendingApproval = new String[2];
        response.body().filter(l -> l.startsWith("data:")).forEach(l -> {
            try {
                JsonNode e = JSON.readTree(l.substring(5).trim());
                switch (e.path("type").asText()) {
                    case "token" -> out.print(e.path("text").asText());
                    case "tool" -> out.println("\n  [" + e.path("tool").asText() + " " + e.path("arguments").asText() + " → "
                            + e.path("result").asText() + "]");
                    case "approval" -> {
                        pendingApproval[0] = e.path("paymentId").asText();
                        pendingApproval[1] = e.path("text").asText();
                    }
                    case "done" -> out.println();
                    case "error" -> out.println("\n  error: " + e.path("text").asText());
                    default -> { }
                }
            } catch (IOException ignored) {
                // not an event
            }
        });
        if (pendingApproval[0] != null) {
            out.print("  " + pendingApproval[1] + "\n  approve payment " + pendingApproval[0] + "? [y/N] ");
            out.flush();
            String answer = in.readLine();
            String decision = answer != null && answer.trim().equalsIgnoreCase("y") ? "approve" : "reject";
            HttpResponse<String> r = http.send(request("/api/agents/" + agent + "/approvals/" + pendingApproval[0] + "/" + decision)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            out.println("  " + JSON.readTree(r.body()).path("message").asText(r.body()));
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
    }
}
