package dev.bursar.devnet.a2a;

import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.node.NodeScript;
import dev.bursar.devnet.node.NodeServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code @a2a-js/sdk} 0.3.14 reference server (express, JSON-RPC) on a free 127.0.0.1 port with one skill,
 * {@code shout}: it completes a task with the text upper-cased (a text part) and the message's metadata and text length
 * (a data part), and rejects the text {@code please refuse}. With a token it answers 401 to calls without
 * {@code Authorization: Bearer <token>} and its card declares a bearer scheme. {@link #close()} stops it.
 */
public final class A2aJsServer implements AutoCloseable {

    static final String RESOURCE_DIR = "/dev/bursar/devnet/a2a/";

    private final NodeServer server;

    private A2aJsServer(NodeServer server) {
        this.server = server;
    }

    /** Starts the server using {@code devnet}'s npm packages; {@code token} reaches it through the environment only. */
    public static A2aJsServer start(Devnet devnet, Optional<String> token) {
        NodeScript script = NodeScript.install(devnet.npm().nodeModules(), devnet.workDir().resolve("a2a"), RESOURCE_DIR, "server.mjs");
        return new A2aJsServer(NodeServer.start("a2a-js-server", script, List.of(), token.map(t -> Map.of("A2A_TOKEN", t)).orElse(Map.of())));
    }

    /** The agent's base URL, such as {@code http://127.0.0.1:41234}; its card is at {@code /.well-known/agent-card.json}. */
    public URI url() {
        return server.url();
    }

    /** The server's output. */
    public Path log() {
        return server.process().log();
    }

    @Override
    public void close() {
        server.close();
    }
}
