/**
 * Subscriptions whose per-event execution is shared: every subscriber of one event (they all get
 * the same payload object from the pub/sub) with the same document, operation name, variables and
 * visibility scope gets the same result, executed once and serialized once, instead of one
 * graphql execution (and one DataLoader query per nested field) per subscriber per event.
 *
 * Authorization stays exact because the sharing key holds everything the result depends on:
 * the document (by identity: documents are parsed and validated once per query text), the
 * operation name, the variables, and the viewer's visibility scope (`scopeOf`: staff see every
 * record, a borrower only records with their openid; resolvers consult nothing else of the
 * viewer). Which events reach a subscriber is decided before this, by its own queue's filter.
 */
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { EventQueue } from '../pubsub/event-queue.js';
import { SharedPayload } from '../server/shared-frame-json.js';

/** The part of a viewer that decides what a resolver shows: all of `canSee`'s inputs. */
export function scopeOf(viewer: Viewer): string {
  return viewer.role === 'staff' ? 'staff' : `user:${viewer.openid}`;
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/** The sharing key of one subscription: equal keys mean equal results for the same event. */
export function sharingKey(args: ExecutionArgs, scope: string): string {
  let documentId = documentIds.get(args.document);
  if (documentId === undefined) documentIds.set(args.document, (documentId = nextDocumentId++));
  return `${documentId}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? null)}\u0000${scope}`;
}

/** Where a subscription's results go (the WebSocket adapter sends them). */
export interface ResultSink {
  next(payload: SharedPayload): void;
  /** The stream failed; it is closed already. */
  error(error: unknown): void;
  /** The source ended. */
  complete(): void;
}

/** A subscription's stream of shared, formatted results. */
export interface SharedStream {
  start(sink: ResultSink): void;
  /** Stops the stream and releases its source (idempotent). */
  return(): void;
}

/** Something waiting for an execution to settle. */
interface Waiter {
  drain(): void;
}

/**
 * The shared result of one event for one sharing key. Subscribers whose result is not ready wait
 * in a plain list: when it settles, the whole fan-out is one synchronous loop, with no promise per
 * subscriber.
 */
class SharedResult {
  settled = false;
  payload: SharedPayload | undefined;
  failure: unknown;
  private waiters: Waiter[] | undefined;

  wait(waiter: Waiter): void {
    (this.waiters ??= []).push(waiter);
  }

  settle(payload: SharedPayload | undefined, failure?: unknown): void {
    this.settled = true;
    this.payload = payload;
    this.failure = failure;
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters) for (const waiter of waiters) waiter.drain();
  }
}

type Format = (result: ExecutionResult) => ExecutionResult | FormattedExecutionResult;

export class SharedExecutions {
  /** Results per event payload object, then per sharing key; gone with the event. */
  private readonly byEvent = new WeakMap<object, Map<string, SharedResult>>();

  /** `format` turns an execution result into what is sent (errors formatted); run once per shared result. */
  constructor(private readonly format: Format) {}

  /**
   * Starts the subscription: its stream of results, or the errors of setting it up as a result
   * to send (as graphql's `subscribe` would return them).
   */
  async subscribe(args: ExecutionArgs, key: string): Promise<SharedStream | SharedPayload> {
    const source = await createSourceEventStream(args);
    if (source instanceof EventQueue) return new PushStream(this, source, args, key);
    if (!isAsyncIterator(source)) return new SharedPayload(this.format(source as ExecutionResult));
    // Every subscription resolver returns the pub/sub's EventQueue (see the services' watch()).
    throw new TypeError('a subscription resolver returned an async iterator that is not an EventQueue');
  }

  /** Executes an operation once (queries and mutations over WebSocket): nothing to share. */
  async executeOnce(args: ExecutionArgs): Promise<SharedPayload> {
    return new SharedPayload(this.format(await execute(args)));
  }

  /** The shared result of one event for one sharing key, started by its first subscriber. */
  resultFor(args: ExecutionArgs, key: string, event: unknown): SharedResult {
    if (typeof event !== 'object' || event === null) return this.run(args, event);
    let results = this.byEvent.get(event);
    if (!results) this.byEvent.set(event, (results = new Map()));
    let result = results.get(key);
    if (!result) results.set(key, (result = this.run(args, event)));
    return result;
  }

  private run(args: ExecutionArgs, event: unknown): SharedResult {
    const shared = new SharedResult();
    const done = (result: ExecutionResult) => {
      let payload: SharedPayload;
      try {
        payload = new SharedPayload(this.format(result));
      } catch (error) {
        return shared.settle(undefined, error);
      }
      shared.settle(payload);
    };
    try {
      const result = execute({ ...args, rootValue: event });
      if (isPromiseLike(result)) result.then(done, (error: unknown) => shared.settle(undefined, error));
      else done(result);
    } catch (error) {
      shared.settle(undefined, error);
    }
    return shared;
  }
}

/**
 * Results of a subscription whose source is one of our EventQueues: events are pushed to it
 * synchronously, so an idle subscription holds no pending promise, and results go out in event
 * order (a result still executing holds back the ones after it).
 */
class PushStream implements SharedStream, Waiter {
  private sink: ResultSink | undefined;
  /** Results not sent yet, oldest first; the first is the one not settled. */
  private backlog: SharedResult[] | undefined;
  private closed = false;

  constructor(
    private readonly executions: SharedExecutions,
    private readonly source: EventQueue<unknown>,
    private readonly args: ExecutionArgs,
    private readonly key: string,
  ) {}

  start(sink: ResultSink): void {
    this.sink = sink;
    this.source.consume(this);
  }

  /** Called by the queue for each event that passed its filter. */
  push(event: unknown): void {
    if (this.closed) return;
    const result = this.executions.resultFor(this.args, this.key, event);
    if (this.backlog) {
      this.backlog.push(result);
    } else if (result.settled) {
      this.emit(result);
    } else {
      this.backlog = [result];
      result.wait(this);
    }
  }

  drain(): void {
    const backlog = this.backlog;
    if (!backlog) return;
    while (backlog.length > 0 && backlog[0].settled) {
      this.emit(backlog.shift()!);
      if (this.closed) return;
    }
    if (backlog.length > 0) backlog[0].wait(this);
    else this.backlog = undefined;
  }

  private emit(result: SharedResult): void {
    if (this.closed) return;
    if (result.payload) return this.sink!.next(result.payload);
    this.return();
    this.sink!.error(result.failure);
  }

  return(): void {
    if (this.closed) return;
    this.closed = true;
    this.backlog = undefined;
    void this.source.return();
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T>)?.then === 'function';
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterator<unknown>).next === 'function' && Symbol.asyncIterator in value;
}
