/**
 * Bench servers run as child processes (so load generator, clients and server never share an
 * event loop, and a server's memory can be read alone). They talk to the figure script over IPC:
 * the child announces `ready` with what the parent needs, then answers requests by name.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { benchScript } from './paths.js';

/** A token given by the user wins over the ones the project servers mint. */
const USER_TOKEN = process.env.BENCH_BEARER_TOKEN;

type Handler = (payload: any) => unknown | Promise<unknown>;

interface Request {
  id: number;
  type: string;
  payload: unknown;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** In the child: announce `info`, answer requests, exit on `stop` (after `onStop`). */
export function serveParent(info: unknown, handlers: Record<string, Handler>, onStop: () => Promise<void>): void {
  if (!process.send) throw new Error('a bench server must be started by a figure script (no IPC channel)');
  process.on('message', (message: Request) => {
    if (message.type === 'stop') {
      onStop()
        .catch((error) => console.error('bench server: stop failed', error))
        .finally(() => process.send!({ id: message.id, ok: true } satisfies Reply, () => process.exit(0)));
      return;
    }
    const handler = handlers[message.type];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown request ${message.type}`);
        return handler(message.payload);
      })
      .then(
        (result) => process.send!({ id: message.id, ok: true, result } satisfies Reply),
        (error: unknown) => process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies Reply),
      );
  });
  // The parent died: do not linger.
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true, info });
}

export interface ChildOptions {
  env?: Record<string, string | undefined>;
  execArgv?: string[];
  /** Startup can include seeding; default 120 s. */
  readyTimeoutMs?: number;
}

export class ChildServer<Info = Record<string, unknown>> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private exited = false;

  private constructor(
    readonly process: ChildProcess,
    readonly info: Info,
  ) {
    process.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`bench server: ${message.error}`));
    });
    process.on('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.pending.values()) waiter.reject(new Error(`bench server exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  /** Starts `servers/<name>.js` and waits for its `ready` message. */
  static async start<Info>(script: string, args: string[] = [], options: ChildOptions = {}): Promise<ChildServer<Info>> {
    const child = fork(benchScript(script), args, {
      env: { ...process.env, ...options.env },
      execArgv: [...(options.execArgv ?? []), ...(process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [])],
      // Logs of the server go nowhere (as if to a log shipper); errors still show.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const info = await new Promise<Info>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${script} did not start within ${options.readyTimeoutMs ?? 120_000} ms`));
      }, options.readyTimeoutMs ?? 120_000);
      const onMessage = (message: { ready?: boolean; info?: Info }) => {
        if (!message.ready) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message.info as Info);
      };
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with ${code} before it was ready`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    // The project server mints a token when authentication is on: every later request carries it.
    // Each project server has its own secret, so the newest one's token replaces the previous one.
    const token = (info as { bearerToken?: string } | undefined)?.bearerToken;
    if (token && USER_TOKEN === undefined) process.env.BENCH_BEARER_TOKEN = token;
    return new ChildServer<Info>(child, info);
  }

  get pid(): number {
    return this.process.pid!;
  }

  request<T = unknown>(type: string, payload?: unknown): Promise<T> {
    if (this.exited) return Promise.reject(new Error('bench server has exited'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.process.send({ id, type, payload } satisfies Request);
    });
  }

  /** Asks the server to close, then kills it if it has not exited within 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    this.request('stop').catch(() => {});
    await exited;
    clearTimeout(timer);
  }
}
