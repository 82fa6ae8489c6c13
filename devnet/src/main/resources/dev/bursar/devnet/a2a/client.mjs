// A2A 0.3 reference client (@a2a-js/sdk 0.3.14 ClientFactory, JSON-RPC) for interop tests: fetches the card at
// argv[2] (a base URL; the card is <base>/.well-known/agent-card.json), sends argv[3] as a message with metadata
// {"from":"a2a-js"}, polls the task until it ends, asks for an unknown task, and prints one JSON line {"status":"ok",...}.
// With A2A_TOKEN set it sends "Authorization: Bearer <token>".
import { randomUUID } from 'node:crypto';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory } from '@a2a-js/sdk/client';

const [base, text] = process.argv.slice(2);
const token = process.env.A2A_TOKEN || '';
const fetchImpl = (url, init = {}) => {
  const headers = new Headers(init.headers || {});
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
};
const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
  transports: [new JsonRpcTransportFactory({ fetchImpl })],
}));
const client = await factory.createFromUrl(base);
const card = await client.getAgentCard();
let result = await client.sendMessage({
  message: { kind: 'message', messageId: randomUUID(), role: 'user', parts: [{ kind: 'text', text }], metadata: { from: 'a2a-js' } },
  configuration: { blocking: true, acceptedOutputModes: ['text/plain', 'application/json'] },
});
const terminal = ['completed', 'canceled', 'failed', 'rejected'];
for (let i = 0; i < 200 && result.kind === 'task' && !terminal.includes(result.status.state); i++) {
  await new Promise(r => setTimeout(r, 100));
  result = await client.getTask({ id: result.id });
}
let unknownTask = null;
try {
  await client.getTask({ id: 'no-such-task' });
} catch (e) {
  unknownTask = String(e.message || e);
}
console.log(JSON.stringify({ status: 'ok', card: { name: card.name, url: card.url, skills: card.skills.map(s => s.id) }, result, unknownTask }));
