package dev.bursar.runtime.mcp;

import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The MCP SDK's stateless server transport, as our REST resource drives it: the SDK hands over its request handler,
 * and {@link McpEndpoint} calls it with each JSON-RPC message it receives over HTTP (after authenticating the caller).
 */
final class RequestHandlerTransport implements McpStatelessServerTransport {

    private volatile McpStatelessServerHandler handler;

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    McpStatelessServerHandler handler() {
        McpStatelessServerHandler h = handler;
        if (h == null) {
            throw new IllegalStateException("the MCP server is not built yet");
        }
        return h;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public List<String> protocolVersions() {
        return McpEndpoint.PROTOCOL_VERSIONS;
    }
}
