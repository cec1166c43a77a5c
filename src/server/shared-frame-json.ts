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
  return wirePayload(nextWireFrame(id, payload));
}

/** The message inside a frame made by `nextWireFrame` (a view, no copy). */
export function wirePayload(frame: Buffer): Buffer {
  return frame.subarray(frame[1] === 126 ? 4 : frame[1] === 127 ? 10 : 2);
}

/** Length of an unmasked WebSocket frame header (RFC 6455 5.2) for a payload of `length` bytes. */
function wireHeaderLength(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * The whole WebSocket text frame (server to client: FIN, opcode 1, unmasked) of the next message,
 * header included, in one buffer: one socket write per subscriber instead of ws' header and
 * payload writes inside cork/uncork.
 */
export function nextWireFrame(id: string, payload: SharedPayload): Buffer {
  const idJson = JSON.stringify(id);
  const body = payload.bytes;
  const length = HEAD.length + Buffer.byteLength(idJson) + MIDDLE.length + body.length + 1;
  const headerLength = wireHeaderLength(length);
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (headerLength === 2) frame[1] = length;
  else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
  }
  let offset = headerLength + HEAD.copy(frame, headerLength);
  offset += frame.write(idJson, offset);
  offset += MIDDLE.copy(frame, offset);
  offset += body.copy(frame, offset);
  frame[offset] = CLOSING_BRACE;
  return frame;
}
