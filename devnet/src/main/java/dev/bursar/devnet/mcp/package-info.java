/**
 * The MCP reference peers of {@code @modelcontextprotocol/sdk} 1.32.2 (from the devnet's pinned npm project) on
 * 127.0.0.1, for interop tests of Bursar's MCP client and server.
 */
package dev.bursar.devnet.mcp;
