/**
 * The MCP client side: an external MCP server's granted tools as a plugin of one agent, their arguments checked before
 * they leave and their results handed to the model as data.
 */
package dev.bursar.tools.mcp;
