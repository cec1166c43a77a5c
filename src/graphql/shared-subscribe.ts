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
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
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

/** A source stream mapped to shared, formatted results. */
export interface SharedSubscription {
  next(): Promise<IteratorResult<SharedPayload, undefined>>;
  return(): void;
}

export class SharedExecutions {
  /** Results per event payload object, then per sharing key; gone with the event. */
  private readonly byEvent = new WeakMap<object, Map<string, Promise<SharedPayload>>>();

  /** `format` turns an execution result into what is sent (errors formatted); run once per shared result. */
  constructor(private readonly format: (result: ExecutionResult) => ExecutionResult | import('graphql').FormattedExecutionResult) {}

  /**
   * Starts the subscription: its source stream, or the errors of setting it up as a result to
   * send (as graphql's `subscribe` would return them).
   */
  async subscribe(args: ExecutionArgs, key: string): Promise<SharedSubscription | SharedPayload> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterator(source)) return new SharedPayload(this.format(source as ExecutionResult));
    return new MappedSubscription(this, source as AsyncIterator<unknown>, args, key);
  }

  /** Executes an operation once (queries and mutations over WebSocket): nothing to share. */
  async executeOnce(args: ExecutionArgs): Promise<SharedPayload> {
    return new SharedPayload(this.format(await execute(args)));
  }

  /** The shared result of one event for one sharing key. */
  resultFor(args: ExecutionArgs, key: string, event: unknown): Promise<SharedPayload> {
    if (typeof event !== 'object' || event === null) return this.run(args, event);
    let results = this.byEvent.get(event);
    if (!results) this.byEvent.set(event, (results = new Map()));
    let result = results.get(key);
    if (!result) results.set(key, (result = this.run(args, event)));
    return result;
  }

  private async run(args: ExecutionArgs, event: unknown): Promise<SharedPayload> {
    return new SharedPayload(this.format(await execute({ ...args, rootValue: event })));
  }
}

/** One subscription's stream of shared results: a class rather than closures, as 10,000 may idle. */
class MappedSubscription implements SharedSubscription {
  constructor(
    private readonly executions: SharedExecutions,
    private readonly source: AsyncIterator<unknown>,
    private readonly args: ExecutionArgs,
    private readonly key: string,
  ) {}

  next(): Promise<IteratorResult<SharedPayload, undefined>> {
    return this.source.next().then((step) =>
      step.done
        ? { done: true, value: undefined }
        : this.executions.resultFor(this.args, this.key, step.value).then((value) => ({ done: false, value })),
    );
  }

  return(): void {
    void this.source.return?.();
  }
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterator<unknown>).next === 'function' && Symbol.asyncIterator in value;
}
