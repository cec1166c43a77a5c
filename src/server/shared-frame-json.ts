/**
 * graphql-transport-ws frames for results shared by many subscribers. The payload is serialized
 * once (`SharedPayload.json`); each subscriber's `next` frame is that text with its own id spliced
 * in, which is exactly what `JSON.stringify({ id, type: 'next', payload })` would produce (the
 * frame graphql-ws sends), without walking the payload again per subscriber.
 */
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';

/** A result as sent (errors already formatted), and its JSON once someone needed it. */
export class SharedPayload {
  private text: string | undefined;

  constructor(readonly payload: ExecutionResult | FormattedExecutionResult) {}

  get json(): string {
    return (this.text ??= JSON.stringify(this.payload));
  }
}

/** `{"id":…,"type":"next","payload":…}` for one subscriber. */
export function nextFrame(id: string, payload: SharedPayload): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":${payload.json}}`;
}
