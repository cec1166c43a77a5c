import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { bearer, staffToken } from './test-auth.js';

/**
 * A real graphql-ws client that records every message of one subscription and lets a test wait
 * for the n-th one.
 */
export class Subscriber<TData> {
  readonly results: ExecutionResult<TData>[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly client: Client;
  private unsubscribe: (() => void) | undefined;
  completed = false;
  error: unknown;
  /** Settles on the client's first `connected` event, listened to from construction so the ack is never missed. */
  private readonly acknowledged: Promise<void>;

  /** Without `connectionParams` it connects as staff; pass them (`{}` for none) to act as anyone else. */
  constructor(url: string, connectionParams?: Record<string, unknown>) {
    this.client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: async () => connectionParams ?? (await bearer(staffToken())),
      retryAttempts: 0,
      lazy: true,
    });
    // Registered before any subscribe opens the socket: a `connected()` called after the ack
    // arrived (the socket connects while the test is still awaiting something else) resolves at once.
    this.acknowledged = new Promise((resolve) => {
      const off = this.client.on('connected', () => {
        off();
        resolve();
      });
    });
  }

  subscribe<TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): this {
    this.unsubscribe = this.client.subscribe<TData>(
      { query: print(document), variables: variables as Record<string, unknown> },
      {
        next: (result) => {
          this.results.push(result as ExecutionResult<TData>);
          this.waiters = this.waiters.filter((waiter) => {
            if (this.results.length < waiter.count) return true;
            waiter.resolve();
            return false;
          });
        },
        error: (error) => {
          this.error = error;
        },
        complete: () => {
          this.completed = true;
        },
      },
    );
    return this;
  }

  /** Resolves once `count` results arrived; rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ExecutionResult<TData>[]> {
    if (this.results.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} subscription results, got ${this.results.length}: ${JSON.stringify(this.results)}`)),
          timeoutMs,
        );
        this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    }
    return this.results.slice(0, count);
  }

  /** Waits until the server has acknowledged the connection (connection_ack; the connection is open). */
  async connected(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('graphql-ws connection not acknowledged')), timeoutMs);
    });
    try {
      await Promise.race([this.acknowledged, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.client.dispose();
  }
}
