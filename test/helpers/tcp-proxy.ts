import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP pass-through on an ephemeral port that a test can cut and restore, to play a network outage. */
export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones until `restore()`. */
  cut(): void;
  /** Keeps every connection open but forwards nothing more: a peer that stopped answering. */
  stall(): void;
  /**
   * The connections open now go silent in both directions but stay open, and no reset reaches
   * either side (a NAT's idle timeout, a partition); new connections pass as usual.
   */
  silence(): void;
  /**
   * What the connections open now send on arrives `ms` late, in order (a slow link, not a dead
   * one: nothing is lost, no heartbeat need fail); `slow(0)` ends it.
   */
  slow(ms: number): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let cut = false;
  let stalled = false;
  const server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    clients.add(client);
    client.on('close', () => clients.delete(client));
    if (stalled) client.pause();
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = () => sockets.forEach((socket) => socket.destroy());
  let delayMs = 0;
  const slowed = new WeakSet<Socket>();
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      cut = true;
      dropAll();
    },
    stall() {
      stalled = true;
      clients.forEach((client) => {
        client.unpipe();
        client.pause();
      });
    },
    silence() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      pairs.clear();
    },
    slow(ms) {
      delayMs = ms;
      for (const [client, upstream] of pairs) {
        if (slowed.has(client)) continue;
        slowed.add(client);
        client.unpipe(upstream);
        // Each chunk leaves `delayMs` after it came, never before the one ahead of it.
        let last = 0;
        client.on('data', (chunk) => {
          last = Math.max(Date.now() + delayMs, last);
          setTimeout(() => upstream.write(chunk), last - Date.now());
        });
        // unpipe left the socket paused, and a 'data' listener does not resume it then.
        client.resume();
      }
    },
    restore() {
      cut = false;
      stalled = false;
    },
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
