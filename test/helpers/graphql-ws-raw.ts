import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { bearer, staffToken } from './test-auth.js';

/** A bare WebSocket speaking graphql-transport-ws by hand, recording every frame and the close. */
export interface RawWsClient {
  socket: WebSocket;
  frames: string[];
  closed: Promise<{ code: number; reason: string }>;
  /** The n-th frame (0-based), waiting for it. */
  frame(index: number, timeoutMs?: number): Promise<string>;
  send(message: unknown): void;
}

export function connect(url: string, protocol: string | undefined = 'graphql-transport-ws', options: WebSocket.ClientOptions = {}): Promise<RawWsClient> {
  const socket = new WebSocket(url, protocol ? [protocol] : [], options);
  const frames: string[] = [];
  let waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    frames.push(String(data));
    const current = waiters;
    waiters = [];
    for (const wake of current) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const client: RawWsClient = {
    socket,
    frames,
    closed,
    async frame(index, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (frames.length <= index) {
        if (Date.now() > deadline) throw new Error(`no frame ${index}; got ${JSON.stringify(frames)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return frames[index];
    },
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('error', reject);
  });
}

/** A connection acknowledged for a staff token. */
export async function acknowledged(wsUrl: string): Promise<RawWsClient> {
  const client = await connect(wsUrl);
  client.send({ type: 'connection_init', payload: await bearer(staffToken()) });
  assert.equal(await client.frame(0), '{"type":"connection_ack"}');
  return client;
}

/** Sends one operation and returns the first frame answering it. */
export async function answer(client: RawWsClient, id: string, payload: Record<string, unknown>): Promise<{ id: string; type: string; payload: any }> {
  const from = client.frames.length;
  client.send({ id, type: 'subscribe', payload });
  return JSON.parse(await client.frame(from));
}
