/**
 * Baseline of figures 2 and 4: node:http + `ws` speaking just enough of graphql-ws (init/ack,
 * subscribe, complete, ping) to hold the same clients, and a POST route that broadcasts one `next`
 * frame with the same payload the project sends to every subscription. No GraphQL, no storage.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { serveParent } from '../lib/child.js';

let payload: unknown = { data: { deductOrderUpdated: {} } };
const subscriptions = new Map<WebSocket, Set<string>>();

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    for (const [socket, ids] of subscriptions) {
      for (const id of ids) socket.send(JSON.stringify({ id, type: 'next', payload }));
    }
    response.writeHead(204).end();
  });
});
const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  const ids = new Set<string>();
  subscriptions.set(socket, ids);
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { type: string; id?: string };
    if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (message.type === 'subscribe') ids.add(message.id!);
    else if (message.type === 'complete') ids.delete(message.id!);
    else if (message.type === 'ping') socket.send('{"type":"pong"}');
  });
  socket.on('close', () => subscriptions.delete(socket));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveParent(
  { pid: process.pid, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/graphql`, notificationUrl: `http://127.0.0.1:${port}/broadcast` },
  {
    setPayload: (next: unknown) => {
      payload = next;
    },
    memory: () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      return { ...process.memoryUsage(), gcExposed: Boolean(gc) };
    },
  },
  async () => {
    for (const socket of wss.clients) socket.terminate();
    wss.close();
    await new Promise((resolve) => server.close(resolve));
  },
);
