package dev.bursar.devnet.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged Bursar runtime ({@code agent-runtime/target/quarkus-app/quarkus-run.jar}) as a separate process on
 * loopback, for tests that treat it as a user does: its data and agents directories, the users {@code admin} and
 * {@code owner}, the model {@code remote} served by an Ollama-format endpoint, and the owner's REST calls.
 */
public final class PackagedRuntime implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessSupervisor supervisor;
    private final String url;
    private final String ownerKey;
    private final HttpClient http = HttpClient.newHttpClient();

    private PackagedRuntime(ProcessSupervisor supervisor, String url, String ownerKey) {
        this.supervisor = supervisor;
        this.url = url;
        this.ownerKey = ownerKey;
    }

    /**
     * Starts {@code runtimeJar} on a free port with {@code data} as its data directory (agents in {@code data/agents}),
     * the model {@code remote} at {@code ollamaUrl}, and {@code properties} as more system properties; waits until it is
     * live (90 s at most).
     */
    public static PackagedRuntime start(Path runtimeJar, Path data, URI ollamaUrl, Map<String, String> properties) {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dquarkus.http.port=" + port, "-Dbursar.data-dir=" + data, "-Dbursar.agents-dir=" + data.resolve("agents"),
                "-Dbursar.security.bootstrap-users=admin:admin,owner:user",
                "-Dbursar.models.remote.provider=ollama", "-Dbursar.models.remote.model-id=m-1",
                "-Dbursar.models.remote.base-url=" + ollamaUrl));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", runtimeJar.toString()));
        ProcessSupervisor supervisor = new ProcessSupervisor(data);
        String url = "http://127.0.0.1:" + port;
        try {
            supervisor.start("runtime", command, data, Map.of()).awaitHttpOk(URI.create(url + "/q/health/live"), Duration.ofSeconds(90));
            return new PackagedRuntime(supervisor, url, Files.readString(data.resolve("keys").resolve("owner.key")).strip());
        } catch (IOException | RuntimeException e) {
            supervisor.close();
            throw e instanceof DevnetException d ? d : new DevnetException("the packaged runtime did not start: " + e.getMessage(), e);
        }
    }

    public String url() {
        return url;
    }

    /** {@code GET path} as the owner; fails unless the answer is 200. */
    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + ownerKey).build());
    }

    /** {@code POST path} with {@code body} as JSON, as the owner; fails unless the answer is 200. */
    public JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + ownerKey)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build());
        } catch (IOException e) {
            throw new DevnetException("cannot write the body of POST " + path + ": " + e.getMessage(), e);
        }
    }

    /** The owner's chat message to {@code agent}: the runtime's answer with its events. */
    public JsonNode chat(String agent, String message) {
        return post("/api/agents/" + agent + "/chat", Map.of("message", message));
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new DevnetException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new DevnetException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    /** The owner's API key, for requests this class does not make itself. */
    public String ownerKey() {
        return ownerKey;
    }

    /**
     * Kills the runtime with SIGKILL, as a crash or an OOM killer would: no shutdown hook runs, no lease is released,
     * nothing in flight is finished.
     */
    public void kill() {
        for (ManagedProcess p : supervisor.processes()) {
            ProcessHandle.of(p.pid()).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
            p.awaitExit(Duration.ofSeconds(10));
        }
        supervisor.close();
    }

    @Override
    public void close() {
        supervisor.close();
    }
}
