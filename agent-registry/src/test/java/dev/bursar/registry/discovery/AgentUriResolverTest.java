package dev.bursar.registry.discovery;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The resolver's bounds against a real HTTP server on 127.0.0.1. */
class AgentUriResolverTest {

    private static final byte[] FILE = "{\"name\":\"agent\"}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private ExecutorService executor;
    private final AtomicInteger redirectTargetHits = new AtomicInteger();
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/file.json", ex -> {
            ex.sendResponseHeaders(200, FILE.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(FILE);
            }
        });
        server.createContext("/big-declared.json", ex -> {
            ex.sendResponseHeaders(200, 100_000);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[100_000]);
            } catch (IOException ignored) {
                // the client hung up, as it should
            }
        });
        server.createContext("/big-chunked.json", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no length up front
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[1024]);
                }
            } catch (IOException ignored) {
                // the client hung up, as it should
            }
        });
        server.createContext("/slow.json", ex -> {
            try {
                Thread.sleep(3_000);
                ex.sendResponseHeaders(200, FILE.length);
                ex.getResponseBody().write(FILE);
            } catch (InterruptedException | IOException ignored) {
                // stopped
            } finally {
                ex.close();
            }
        });
        server.createContext("/redirect.json", ex -> {
            ex.getResponseHeaders().add("Location", base + "/target.json");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/target.json", ex -> {
            redirectTargetHits.incrementAndGet();
            ex.sendResponseHeaders(200, FILE.length);
            ex.getResponseBody().write(FILE);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private AgentUriResolver local() {
        return AgentUriResolver.builder().allowPrivateHost("127.0.0.1").maxBytes(64 * 1024).timeout(Duration.ofMillis(800)).build();
    }

    private static void refused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(AgentUriException.class).hasMessageContaining(message);
    }

    @Test
    void resolvesDataUrisInBase64AndPercentEncoding() {
        AgentUriResolver resolver = AgentUriResolver.builder().build();
        assertThat(resolver.resolve("data:application/json;base64," + Base64.getEncoder().encodeToString(FILE))).isEqualTo(FILE);
        assertThat(resolver.resolve("data:application/json;charset=utf-8,%7B%22name%22%3A%22agent%22%7D")).isEqualTo(FILE);
        assertThat(resolver.resolve("data:application/json,{\"name\":\"a+b\"}")).isEqualTo("{\"name\":\"a+b\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesOtherDataTypesBadEncodingAndOversizeDataUris() {
        AgentUriResolver resolver = AgentUriResolver.builder().maxBytes(16).build();
        refused(() -> resolver.resolve("data:text/html,<b>hi</b>"), "a registration file is application/json");
        refused(() -> resolver.resolve("data:application/json;base64,@@@@"), "not valid base64");
        refused(() -> resolver.resolve("data:application/json,{\"name\":\"far too long for sixteen\"}"), "larger than 16 bytes");
        refused(() -> resolver.resolve("data:application/json;base64," + Base64.getEncoder().encodeToString(new byte[17])), "larger than 16");
    }

    @Test
    void refusesIpfsAndUnknownSchemesWithAClearReason() {
        AgentUriResolver resolver = AgentUriResolver.builder().build();
        refused(() -> resolver.resolve("ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"), "not supported here");
        refused(() -> resolver.resolve("ftp://agent.example/file.json"), "unsupported scheme");
        refused(() -> resolver.resolve(""), "no agentURI");
    }

    @Test
    void fetchesFromAnAllowedLoopbackHost() {
        assertThat(local().resolve(base + "/file.json")).isEqualTo(FILE);
    }

    @Test
    void refusesPrivateLoopbackAndLinkLocalHostsUnlessAllowed() {
        AgentUriResolver resolver = AgentUriResolver.builder().timeout(Duration.ofMillis(800)).build();
        refused(() -> resolver.resolve(base + "/file.json"), "private, loopback or link-local");
        refused(() -> resolver.resolve("http://10.1.2.3/file.json"), "private, loopback");
        refused(() -> resolver.resolve("http://169.254.169.254/latest/meta-data"), "private, loopback");
        refused(() -> resolver.resolve("http://[::1]:8080/file.json"), "private, loopback");
        refused(() -> resolver.resolve("http://[fd00::1]/file.json"), "private, loopback");
        refused(() -> resolver.resolve("http://0.0.0.0/file.json"), "private, loopback");
        refused(() -> resolver.resolve("https://user:pw@agent.example/file.json"), "user info");
    }

    @Test
    void refusesOversizeResponsesDeclaredOrStreamed() {
        refused(() -> local().resolve(base + "/big-declared.json"), "larger than 65536 bytes");
        refused(() -> local().resolve(base + "/big-chunked.json"), "larger than 65536 bytes");
    }

    @Test
    void givesUpOnASlowHost() {
        // the host answers after 3 s: with a timeout of 0.8 s the resolver gives up (it would otherwise get the file)
        refused(() -> local().resolve(base + "/slow.json"), "took longer than");
    }

    @Test
    void neverFollowsARedirect() {
        refused(() -> local().resolve(base + "/redirect.json"), "redirects are not followed");
        assertThat(redirectTargetHits).hasValue(0);
    }

    @Test
    void refusesAnErrorStatus() {
        refused(() -> local().resolve(base + "/missing.json"), "HTTP 404");
    }
}
