// A2A 0.3 reference server (@a2a-js/sdk 0.3.14, JSON-RPC over express) on 127.0.0.1 for interop tests.
// Its one skill, "shout", answers a task with the text upper-cased (text part) and what it received (data part); the
// text "please refuse" ends the task rejected. With A2A_TOKEN set, JSON-RPC calls need "Authorization: Bearer <token>".
// Prints {"port":N} once listening.
import express from 'express';
import { randomUUID } from 'node:crypto';
import { AGENT_CARD_PATH } from '@a2a-js/sdk';
import { DefaultRequestHandler, InMemoryTaskStore } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';

const token = process.env.A2A_TOKEN || '';

class ShoutExecutor {
  async execute(ctx, bus) {
    const { taskId, contextId, userMessage, task } = ctx;
    const now = () => new Date().toISOString();
    if (!task) {
      bus.publish({ kind: 'task', id: taskId, contextId, status: { state: 'submitted', timestamp: now() }, history: [userMessage] });
    }
    const text = userMessage.parts.filter(p => p.kind === 'text').map(p => p.text).join('\n');
    if (text === 'please refuse') {
      bus.publish({ kind: 'status-update', taskId, contextId, final: true, status: { state: 'rejected', timestamp: now(),
        message: { kind: 'message', role: 'agent', messageId: randomUUID(), parts: [{ kind: 'text', text: 'refused as asked' }] } } });
      bus.finished();
      return;
    }
    bus.publish({ kind: 'artifact-update', taskId, contextId, artifact: { artifactId: randomUUID(), name: 'result',
      parts: [{ kind: 'text', text: text.toUpperCase() }, { kind: 'data', data: { received: userMessage.metadata || {}, length: text.length } }] } });
    bus.publish({ kind: 'status-update', taskId, contextId, final: true, status: { state: 'completed', timestamp: now() } });
    bus.finished();
  }
  cancelTask = async () => {};
}

const app = express();
const server = app.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const card = {
    name: 'JS Shouter', description: 'Upper-cases text (the @a2a-js/sdk reference peer).', protocolVersion: '0.3.0', version: '1.0.0',
    url: `http://127.0.0.1:${port}/a2a/jsonrpc`, preferredTransport: 'JSONRPC',
    skills: [{ id: 'shout', name: 'Shout', description: 'Upper-cases the text it is sent', tags: ['text', 'shout'] }],
    capabilities: { streaming: false, pushNotifications: false }, defaultInputModes: ['text/plain'], defaultOutputModes: ['text/plain'],
    ...(token ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, security: [{ bearer: [] }] } : {}),
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), new ShoutExecutor());
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: handler }));
  app.use('/a2a/jsonrpc', (req, res, next) => {
    if (token && req.get('authorization') !== `Bearer ${token}`) {
      res.status(401).json({ error: 'a bearer token is required' });
      return;
    }
    next();
  });
  app.use('/a2a/jsonrpc', jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  console.log(JSON.stringify({ port }));
});
