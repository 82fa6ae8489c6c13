// MCP reference client (@modelcontextprotocol/sdk 1.32.2, Streamable HTTP) for interop tests: connects to the endpoint in
// argv[2] (with "Authorization: Bearer $MCP_TOKEN" when set), lists the tools, calls each {name, arguments} of the JSON
// array in argv[3] in turn, and prints one line: {"status":"ok","server":...,"protocolVersion":...,"tools":[...],
// "calls":[{name, isError, text, error}]}. A call that throws is reported in its "error", not fatal.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [endpoint, plan] = [process.argv[2], JSON.parse(process.argv[3] || '[]')];
const token = process.env.MCP_TOKEN || '';
const headers = token ? { Authorization: `Bearer ${token}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(endpoint), { requestInit: { headers } });
const client = new Client({ name: 'mcp-js-client', version: '1.0.0' });
try {
  await client.connect(transport);
  const listed = await client.listTools();
  const calls = [];
  for (const step of plan) {
    try {
      const r = await client.callTool({ name: step.name, arguments: step.arguments || {} });
      calls.push({ name: step.name, isError: !!r.isError, text: (r.content || []).filter(c => c.type === 'text').map(c => c.text).join('\n') });
    } catch (e) {
      calls.push({ name: step.name, error: String(e && e.message || e) });
    }
  }
  console.log(JSON.stringify({ status: 'ok', server: client.getServerVersion(), protocolVersion: transport.protocolVersion || null,
    tools: listed.tools.map(t => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })), calls }));
  await client.close();
} catch (e) {
  console.log(JSON.stringify({ status: 'error', error: String(e && e.message || e) }));
}
