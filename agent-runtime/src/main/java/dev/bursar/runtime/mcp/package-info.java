/**
 * The runtime as an MCP server ({@code /mcp}, Streamable HTTP, stateless): each caller's agents as a chat tool plus
 * their tools that move no value, behind the same API keys as the REST API.
 */
package dev.bursar.runtime.mcp;
