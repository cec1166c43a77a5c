/**
 * graphql-transport-ws frames for results shared by many subscribers. The payload is serialized
 * and UTF-8 encoded once (`SharedPayload.bytes`); each subscriber's `next` frame is those bytes
 * with its own id spliced in (one small buffer copy), which is exactly what
 * `JSON.stringify({ id, type: 'next', payload })` would produce (the frame graphql-ws sends),
 * without walking or encoding the payload again per subscriber.
 */
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';

/** A result as sent (errors already formatted), and its JSON once someone needed it. */
export class SharedPayload {
  private text: string | undefined;
  private encoded: Buffer | undefined;

  constructor(readonly payload: ExecutionResult | FormattedExecutionResult) {}

  get json(): string {
    return (this.text ??= JSON.stringify(this.payload));
  }

  get bytes(): Buffer {
    return (this.encoded ??= Buffer.from(this.json));
  }
}

const HEAD = Buffer.from('{"id":');
const MIDDLE = Buffer.from(',"type":"next","payload":');
const CLOSING_BRACE = 0x7d;

/** `{"id":…,"type":"next","payload":…}` for one subscriber, as UTF-8 (send it as a text frame). */
export function nextFrame(id: string, payload: SharedPayload): Buffer {
  const idJson = JSON.stringify(id);
  const body = payload.bytes;
  const frame = Buffer.allocUnsafe(HEAD.length + Buffer.byteLength(idJson) + MIDDLE.length + body.length + 1);
  let offset = HEAD.copy(frame, 0);
  offset += frame.write(idJson, offset);
  offset += MIDDLE.copy(frame, offset);
  offset += body.copy(frame, offset);
  frame[offset] = CLOSING_BRACE;
  return frame;
}
