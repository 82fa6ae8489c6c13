package dev.bursar.tools.mcp;

import dev.bursar.wallet.WalletException;

/**
 * An external MCP server could not be used, or one of its tools failed: the model sees the message as the tool's error;
 * at agent build time it names the server and what to fix. Never carries the server's token.
 */
public class McpToolException extends WalletException {

    public McpToolException(String message) {
        super(message);
    }

    public McpToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
