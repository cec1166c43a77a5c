/**
 * Many cheap graphql-ws subscribers: raw `ws` sockets speaking the graphql-transport-ws protocol
 * (init, ack, subscribe), recording when each `next` frame arrives without parsing it.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface Subscription {
  query: string;
  variables: Record<string, unknown>;
}

export class RawSubscriber {
  /** performance.now() of each `next` frame, in arrival order. */
  readonly arrivals: number[] = [];
  errors = 0;
  /** Closed by the server (e.g. graphql-ws keep-alive gave up on it) or by the network. */
  closed = false;
  lastFrame = '';
  onNext: (() => void) | undefined;

  constructor(readonly socket: WebSocket) {}

  /** Connects, sends connection_init (with the optional token) and waits for connection_ack. */
  static connect(url: string, connectionParams?: Record<string, unknown>, timeoutMs = 30_000): Promise<RawSubscriber> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
      const subscriber = new RawSubscriber(socket);
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error('graphql-ws connection_ack timed out'));
      }, timeoutMs);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams ?? {} })));
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      const onAck = (raw: WebSocket.RawData) => {
        if (!String(raw).includes('"connection_ack"')) return;
        clearTimeout(timer);
        socket.off('message', onAck);
        socket.on('message', (data) => subscriber.received(data));
        socket.on('close', () => {
          subscriber.closed = true;
        });
        resolve(subscriber);
      };
      socket.on('message', onAck);
    });
  }

  private received(data: WebSocket.RawData): void {
    const now = performance.now();
    // Cheap classification: the frame's type is all that is needed.
    const text = data.toString();
    if (text.includes('"type":"next"')) {
      this.arrivals.push(now);
      this.lastFrame = text;
      this.onNext?.();
    } else if (text.includes('"type":"ping"')) {
      this.socket.send('{"type":"pong"}');
    } else if (text.includes('"type":"error"') || text.includes('"errors"')) {
      this.errors++;
      this.lastFrame = text;
    }
  }

  subscribe(id: string, subscription: Subscription): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: subscription }));
  }

  close(): void {
    this.socket.terminate();
  }
}

/** Opens `count` subscribers, `concurrency` handshakes at a time; `each` subscribes the i-th. */
export async function connectMany(
  url: string,
  count: number,
  each: (subscriber: RawSubscriber, index: number) => void,
  options: { concurrency?: number; connectionParams?: Record<string, unknown> } = {},
): Promise<RawSubscriber[]> {
  const subscribers: RawSubscriber[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const subscriber = await RawSubscriber.connect(url, options.connectionParams);
      each(subscriber, index);
      subscribers[index] = subscriber;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 64, count) }, worker));
  return subscribers;
}

/** Resolves when `predicate` holds, checking every 20 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function connectionParams(): Record<string, unknown> | undefined {
  const token = process.env.BENCH_BEARER_TOKEN;
  return token ? { authorization: `Bearer ${token}` } : undefined;
}
