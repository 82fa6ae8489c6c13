package dev.bursar.registry.a2a;

import io.a2a.server.TransportMetadata;
import io.a2a.spec.TransportProtocol;

/**
 * Tells the SDK's card validator (found through {@code ServiceLoader}) that this package serves the JSON-RPC transport:
 * {@link A2aServer#handle} is its endpoint, mounted by the host's HTTP layer.
 */
public final class JsonRpcTransportMetadata implements TransportMetadata {

    @Override
    public String getTransportProtocol() {
        return TransportProtocol.JSONRPC.asString();
    }
}
