package dev.bursar.tools.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An external MCP server an agent may use (Streamable HTTP, MCP 2025-11-25): a name (which becomes the plugin id
 * {@code mcp-<name>}), its endpoint, the tools granted by name (no others reach the model), an optional bearer token
 * (a secret: never shown by {@link #toString()}), and the time a call may take.
 */
public record McpServerSpec(String name, URI endpoint, List<String> tools, Optional<String> bearerToken, Duration timeout) {

    public McpServerSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("an MCP server's name is 1 to 31 lower-case letters, digits or '-', got '" + name + "'");
        }
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("MCP server " + name + ": its url must be an http(s) URL with a host");
        }
        if (endpoint.getUserInfo() != null) {
            throw new IllegalArgumentException("MCP server " + name + ": put credentials in a token file, not in the url");
        }
        tools = List.copyOf(tools == null ? List.of() : tools);
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("MCP server " + name + ": grant at least one tool by name under 'tools'");
        }
        bearerToken = bearerToken == null ? Optional.empty() : bearerToken;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("MCP server " + name + ": its timeout must be between 1 s and 10 min");
        }
    }

    /** The plugin id its tools are granted under. */
    public String pluginId() {
        return "mcp-" + name;
    }

    @Override
    public String toString() {
        return "McpServerSpec[" + name + " at " + dev.bursar.wallet.RedactedUrl.of(endpoint.toString()) + ", tools " + tools
                + (bearerToken.isPresent() ? ", with a token" : "") + "]";
    }
}
