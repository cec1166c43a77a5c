/**
 * The graphql-transport-ws protocol on a `ws` server, in place of graphql-ws' `useServer`
 * (graphql-ws/use/ws + makeServer), made for fan-out to many sockets:
 *
 * - Subscriptions run through `SharedExecutions`: one execution and one JSON serialization per
 *   event and sharing key; each socket gets the shared text with its subscription id spliced in.
 * - `send` hands the frame to the socket and does not wait for the write callback (useServer
 *   awaited it per frame, i.e. one promise and one callback per subscriber per event).
 * - One keep-alive timer for all sockets rather than one interval (plus a timeout) per socket. A
 *   socket is terminated only after two whole keep-alive periods without a pong or any message,
 *   judged after pending I/O was read (setImmediate), and never on a tick that fired late because
 *   the loop was busy: useServer once killed healthy sockets whose pongs were merely unread after
 *   a 12 s stall, and their subscribers lost frames.
 *
 * The protocol is graphql-ws' to the letter: subprotocol check (4406), connection_init within
 * `connectionInitWaitTimeout` (4408), once only (4429), refused (4403 Forbidden), subscribe before
 * ack (4401), duplicate id (4409), unparsable message or one only a server sends (4400), internal
 * errors (4500); ping/pong; next/error/complete as graphql-ws sends them. An id the client completed
 * may be re-used at once, also while its first operation is still being set up. Close reasons are
 * cut to the 123 bytes a close frame allows.
 *
 * Beyond graphql-ws: a connection acts for its viewer only until the token's expiry (then 4403,
 * as for a refused token), and runs at most `maxOperationsPerConnection` operations at once. A
 * viewer holds at most `connectionQuota.max` connections at once (1013 Try Again Later beyond it).
 * When the server closes a socket, its operations end at once, not when the client answers the close.
 */
import { CloseCode, handleProtocols, MessageType, parseMessage, GRAPHQL_TRANSPORT_WS_PROTOCOL, type SubscribePayload } from 'graphql-ws';
import { getOperationAST, GraphQLError, type ExecutionArgs, type GraphQLFormattedError } from 'graphql';
import WebSocket, { type WebSocketServer } from 'ws';
import { createRequire } from 'node:module';
import type { Logger } from '../logger.js';
import { SharedExecutions, type ResultSink, type SharedStream } from '../graphql/shared-subscribe.js';
import { nextWireFrame, wirePayload, type SharedPayload } from './shared-frame-json.js';

/** An accepted connection_init: the viewer, and when its token expires (ms since the epoch; never if absent). */
export interface WsAuthentication<V> {
  readonly viewer: V;
  readonly expiresAtMs?: number;
}

export interface GraphQLWsOptions<V> {
  /**
   * connection_init's payload to a viewer, or false to refuse (4403). Throwing closes with 4500.
   * At `expiresAtMs` the socket is closed with 4403, and any message arriving later is refused so.
   */
  authenticate(params: Record<string, unknown> | undefined): Promise<WsAuthentication<V> | false>;
  /** Execution args for a subscribe message (validated, limits checked), or the errors to send. */
  prepare(payload: SubscribePayload, viewer: V): Promise<ExecutionArgs | readonly GraphQLError[]>;
  /** Sharing key of a subscription: equal keys must mean equal results for one event. */
  sharingKey(args: ExecutionArgs, viewer: V): string;
  /** Formats each error sent (in `next` payloads and `error` messages). */
  formatError(error: GraphQLError): GraphQLFormattedError;
  log: Logger;
  /** ws ping period; 0 disables. Default 12 s, as graphql-ws. */
  keepAliveMs?: number;
  /** Default 3 s, as graphql-ws. */
  connectionInitWaitTimeoutMs?: number;
  /**
   * A socket whose unsent data exceeds this is terminated rather than buffered without limit (a
   * client that stopped reading). It reconnects and resubscribes, and a subscription starts with
   * the current state. Default 8 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * Operations (subscriptions, and queries or mutations still running) one connection may have at
   * once; a subscribe beyond it gets an `error` message (TOO_MANY_OPERATIONS). Default 100.
   */
  maxOperationsPerConnection?: number;
  /**
   * Connections one viewer may hold at once on this server, counted per `key(viewer)` (viewers
   * whose key is undefined are not counted). A connection_init beyond it is closed with 1013 (Try
   * Again Later): one token cannot hold sockets, and their memory, without bound.
   */
  connectionQuota?: { key(viewer: V): string | undefined; max: number };
  /** Hides internal error messages in close reasons; default NODE_ENV === 'production'. */
  isProd?: boolean;
}

/** RFC 6455's registered close code for a server that cannot take the connection now. */
const TRY_AGAIN_LATER = 1013;

/** The default of `maxOperationsPerConnection`: far more than any screen subscribes to at once. */
export const MAX_OPERATIONS_PER_CONNECTION = 100;

export interface GraphQLWsServer {
  dispose(): Promise<void>;
}

/**
 * One subscribe message's operation while it is being set up; a new one per message, so a setup
 * can tell whether its id is still its own (the client may complete the id and re-use it for a new
 * subscribe before the setup finishes).
 */
class Setup {
  /** Completed by the client before the setup finished: it still counts toward the limit until then. */
  abandoned = false;
}

/** A subscription in progress, or the setup of one. */
type Operation = SharedStream | Setup;

interface Connection<V> {
  readonly socket: WebSocket;
  viewer: V | undefined;
  initReceived: boolean;
  acknowledged: boolean;
  /** The connection's one timer: connection_init's wait, then the token's expiry. */
  timer: NodeJS.Timeout | undefined;
  /** When the token expires (ms since the epoch); Infinity before connection_init or if it never does. */
  expiresAtMs: number;
  readonly operations: Map<string, Operation>;
  /** Setups completed by the client that have not finished yet (no longer in `operations`). */
  abandonedSetups: number;
  /** Seen (pong or message) since the last keep-alive ping. */
  alive: boolean;
  /** Keep-alive periods in a row without a sign of life. */
  missed: number;
  /** Which keep-alive slice pings it. */
  readonly slice: number;
  /** Its viewer's `connectionQuota` key while it counts toward it. */
  quotaKey: string | undefined;
}

/** The ws internals `directWritable` reads are those of ws 8; any other major takes the send() path. */
const WS_INTERNALS_KNOWN = (createRequire(import.meta.url)('ws/package.json') as { version: string }).version.startsWith('8.');

/**
 * The socket under a ws WebSocket, when a complete frame may be written to it directly: ws' sender
 * is idle (nothing queued; it only queues while compressing or reading a Blob) and no extension
 * (permessage-deflate) is in use. These are ws internals (ws 8); if they are not there, the frame
 * goes through `send()` instead, which is the same bytes on the wire.
 */
function directWritable(socket: WebSocket): import('node:net').Socket | undefined {
  if (!WS_INTERNALS_KNOWN) return undefined;
  const internals = socket as unknown as {
    _socket?: import('node:net').Socket;
    _sender?: { _state?: number; _firstFragment?: boolean; _bufferedBytes?: number };
    _extensions?: Record<string, unknown>;
  };
  const sender = internals._sender;
  if (!internals._socket || !sender || sender._state !== 0 || sender._firstFragment !== true || sender._bufferedBytes !== 0) return undefined;
  if (!internals._extensions) return undefined;
  for (const _ in internals._extensions) return undefined; // an extension is in use
  return internals._socket;
}

/** Frames are text frames, also when handed over as UTF-8 bytes. */
const TEXT_FRAME = { binary: false } as const;

/** A close frame's reason is at most 123 bytes of UTF-8 (RFC 6455 5.5); ws throws on a longer one. */
const MAX_CLOSE_REASON_BYTES = 123;

/** `reason` cut to at most 123 bytes of UTF-8, at a character boundary. */
function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_CLOSE_REASON_BYTES) return reason;
  let bytes = 0;
  let end = 0;
  for (const char of reason) {
    bytes += Buffer.byteLength(char);
    if (bytes > MAX_CLOSE_REASON_BYTES) break;
    end += char.length;
  }
  return reason.slice(0, end);
}

/** The longest delay setTimeout honours (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

const tooManyOperations = (limit: number) =>
  new GraphQLError(`too many operations on this connection: at most ${limit} at once; complete one first or open another connection`, {
    extensions: { code: 'TOO_MANY_OPERATIONS', limit },
  });

export function useGraphQLWs<V>(options: GraphQLWsOptions<V>, wss: WebSocketServer): GraphQLWsServer {
  const { log } = options;
  const isProd = options.isProd ?? process.env.NODE_ENV === 'production';
  const keepAliveMs = options.keepAliveMs ?? 12_000;
  const initWaitMs = options.connectionInitWaitTimeoutMs ?? 3_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const maxOperations = options.maxOperationsPerConnection ?? MAX_OPERATIONS_PER_CONNECTION;
  const shared = new SharedExecutions((result) =>
    result.errors ? { ...result, errors: result.errors.map((error) => options.formatError(error)) } : result,
  );
  wss.options.handleProtocols = handleProtocols;

  /** Connections held per `connectionQuota` key. */
  const heldByKey = new Map<string, number>();
  /** Counts the connection toward its viewer's quota; false when the viewer already holds the maximum. */
  const hold = (connection: Connection<V>, viewer: V): boolean => {
    const key = options.connectionQuota?.key(viewer);
    if (key === undefined) return true;
    const held = heldByKey.get(key) ?? 0;
    if (held >= options.connectionQuota!.max) return false;
    heldByKey.set(key, held + 1);
    connection.quotaKey = key;
    return true;
  };
  /** Stops counting the connection (once, whether the server or the client closed it first). */
  const release = (connection: Connection<V>) => {
    const key = connection.quotaKey;
    if (key === undefined) return;
    connection.quotaKey = undefined;
    const held = heldByKey.get(key)! - 1;
    if (held > 0) heldByKey.set(key, held);
    else heldByKey.delete(key);
  };

  /**
   * Starts the closing handshake and ends the connection's operations now: a client that never
   * answers the close would otherwise keep them until ws gives up on it (30 s).
   */
  const close = (socket: WebSocket, code: number, reason: string) => {
    socket.close(code, closeReason(reason));
    const connection = bySocket.get(socket);
    if (connection) {
      release(connection);
      endOperations(connection);
    }
  };
  const internalError = (socket: WebSocket, error: unknown) => {
    try {
      close(socket, CloseCode.InternalServerError, isProd ? 'Internal server error' : error instanceof Error ? error.message : String(error));
    } catch (closeError) {
      // Called from handlers' catch blocks: nothing may be thrown from here.
      log.error({ err: closeError }, 'could not close a WebSocket after an internal error; terminating it');
      socket.terminate();
    }
  };

  // ws forwards every 'error' of the HTTP server here, e.g. an accept() refused for want of file
  // descriptors: the server and its sockets go on, so do the clients. graphql-ws closed them all
  // (4500) on the first error, and with a `once` listener a second one crashed the process.
  // Before the server listens, an error is its listen() failing (a port in use), which the start
  // reports itself, in one line naming the setting.
  wss.on('error', (error) => {
    if (!(wss.options.server?.listening ?? true)) return;
    log.error({ err: error }, 'HTTP/WebSocket server error');
  });

  // One timer for every socket, pinging a slice of them per tick (1/120 of the sockets every 100 ms
  // with the default 12 s), so each socket is pinged once per period but 10,000 sockets never get
  // their pings (and send their pongs) in one burst that would stall a fan-out. A tick that fires
  // much later than planned means the loop was blocked: pongs may be sitting unread, so that tick
  // judges nobody; and data already received is read first (setImmediate runs after the poll phase).
  const keepAliveOn = keepAliveMs > 0 && Number.isFinite(keepAliveMs);
  const sliceCount = keepAliveOn ? Math.max(1, Math.min(120, Math.floor(keepAliveMs / 100))) : 1;
  const tickMs = keepAliveMs / sliceCount;
  const slices = Array.from({ length: sliceCount }, () => new Set<Connection<V>>());
  let nextSlice = 0;
  let tick = 0;
  let lastTick = performance.now();
  const keepAlive = keepAliveOn
    ? setInterval(() => {
        const now = performance.now();
        const late = now - lastTick > tickMs * 1.5 + 50;
        lastTick = now;
        const slice = slices[tick++ % sliceCount];
        if (slice.size === 0) return;
        setImmediate(() => {
          for (const connection of slice) {
            const { socket } = connection;
            if (socket.readyState !== WebSocket.OPEN) continue;
            if (connection.alive || late) connection.missed = 0;
            else if (++connection.missed >= 2) {
              socket.terminate();
              continue;
            }
            connection.alive = false;
            socket.ping();
          }
        });
      }, tickMs)
    : undefined;
  keepAlive?.unref();

  // Frames are handed to the socket without waiting for the write callback; the only backpressure
  // is this bound on what a socket may have queued.
  /** Whether a frame may go to `socket` now; a socket over the bound is terminated instead. */
  const writable = (socket: WebSocket): boolean => {
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (socket.bufferedAmount <= maxBufferedBytes) return true;
    log.warn({ bufferedBytes: socket.bufferedAmount }, 'terminating a WebSocket that does not read what it is sent');
    socket.terminate();
    return false;
  };
  const send = (socket: WebSocket, text: string) => {
    if (writable(socket)) socket.send(text, TEXT_FRAME);
  };
  const sendError = (connection: Connection<V>, id: string, errors: readonly GraphQLError[]) => {
    send(connection.socket, JSON.stringify({ id, type: MessageType.Error, payload: errors.map((error) => options.formatError(error)) }));
  };
  const sendComplete = (connection: Connection<V>, id: string) => send(connection.socket, JSON.stringify({ id, type: MessageType.Complete }));
  // A next frame is written to the socket whole (header included) when ws allows; otherwise its
  // payload goes through send(). The bytes on the wire are the same.
  const sendNext = (connection: Connection<V>, id: string, payload: SharedPayload) => {
    const { socket } = connection;
    if (!writable(socket)) return;
    const frame = nextWireFrame(id, payload);
    const raw = directWritable(socket);
    if (raw) raw.write(frame);
    else socket.send(wirePayload(frame), TEXT_FRAME);
  };

  /** Sends one subscription's results while it is the connection's operation under `id`. */
  class Delivery implements ResultSink {
    constructor(
      private readonly connection: Connection<V>,
      private readonly id: string,
      private readonly stream: SharedStream,
    ) {}

    private current(): boolean {
      return this.connection.operations.get(this.id) === this.stream;
    }

    next(payload: SharedPayload): void {
      if (!this.current()) return;
      // Called inside a fan-out loop over many subscribers: one socket's failure must not stop it.
      try {
        sendNext(this.connection, this.id, payload);
      } catch (error) {
        log.error({ err: error }, 'internal error while sending a subscription result');
        internalError(this.connection.socket, error);
      }
    }

    error(error: unknown): void {
      if (!this.current()) return;
      this.connection.operations.delete(this.id);
      const original = error instanceof Error ? error : new Error(String(error));
      sendError(this.connection, this.id, [new GraphQLError(original.message, { originalError: original })]);
    }

    complete(): void {
      if (!this.current()) return;
      this.connection.operations.delete(this.id);
      sendComplete(this.connection, this.id);
    }
  }

  const subscribe = async (connection: Connection<V>, id: string, payload: SubscribePayload) => {
    const { operations } = connection;
    const setup = new Setup();
    operations.set(id, setup);
    /** Whether `id` is still this setup's: not completed by the client (and perhaps re-used since). */
    const mine = () => operations.get(id) === setup;
    /** Ends the operation with what `reply` sends, unless the client completed it meanwhile. */
    const finish = (reply: () => void) => {
      if (!mine()) return;
      operations.delete(id);
      reply();
    };
    try {
      const prepared = await options.prepare(payload, connection.viewer!);
      if (Array.isArray(prepared)) return finish(() => sendError(connection, id, prepared as readonly GraphQLError[]));
      const args = prepared as ExecutionArgs;
      const operationAST = getOperationAST(args.document, args.operationName);
      if (!operationAST) return finish(() => sendError(connection, id, [new GraphQLError('Unable to identify operation', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })]));
      const started =
        operationAST.operation === 'subscription'
          ? await shared.subscribe(args, options.sharingKey(args, connection.viewer!))
          : await shared.executeOnce(args);
      if (!('start' in started)) {
        // A query or mutation, or a subscription whose source could not be set up (e.g.
        // NOT_FOUND): one result, then complete.
        return finish(() => {
          sendNext(connection, id, started);
          sendComplete(connection, id);
        });
      }
      if (!mine()) {
        started.return(); // completed by the client while it was being set up
        return;
      }
      operations.set(id, started);
      // Results are pushed to the delivery; nothing waits here (no suspended async function per
      // idle subscription).
      started.start(new Delivery(connection, id, started));
    } catch (error) {
      if (mine()) operations.delete(id);
      throw error;
    } finally {
      if (setup.abandoned) connection.abandonedSetups--;
    }
  };

  const onMessage = async (connection: Connection<V>, data: string) => {
    const { socket } = connection;
    let message;
    try {
      message = parseMessage(data);
    } catch {
      return close(socket, CloseCode.BadRequest, 'Invalid message received');
    }
    switch (message.type) {
      case MessageType.ConnectionInit: {
        if (connection.initReceived) return close(socket, CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
        connection.initReceived = true;
        clearTimeout(connection.timer);
        connection.timer = undefined;
        const params = typeof message.payload === 'object' && message.payload !== null ? (message.payload as Record<string, unknown>) : undefined;
        const authentication = await options.authenticate(params);
        if (authentication === false) return close(socket, CloseCode.Forbidden, 'Forbidden');
        if (socket.readyState !== WebSocket.OPEN) return;
        if (!hold(connection, authentication.viewer)) {
          const { max } = options.connectionQuota!;
          return close(socket, TRY_AGAIN_LATER, `too many connections for this viewer: at most ${max} at once; close one first`);
        }
        connection.viewer = authentication.viewer;
        if (authentication.expiresAtMs !== undefined) {
          connection.expiresAtMs = authentication.expiresAtMs;
          if (expired(connection)) return;
          scheduleExpiry(connection);
        }
        connection.acknowledged = true;
        return send(socket, JSON.stringify({ type: MessageType.ConnectionAck }));
      }
      case MessageType.Ping:
        return send(socket, JSON.stringify(message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong }));
      case MessageType.Pong:
        return;
      case MessageType.Subscribe: {
        if (!connection.acknowledged) return close(socket, CloseCode.Unauthorized, 'Unauthorized');
        if (connection.operations.has(message.id)) return close(socket, CloseCode.SubscriberAlreadyExists, `Subscriber for ${message.id} already exists`);
        if (connection.operations.size + connection.abandonedSetups >= maxOperations) return sendError(connection, message.id, [tooManyOperations(maxOperations)]);
        return subscribe(connection, message.id, message.payload);
      }
      case MessageType.Complete: {
        const operation = connection.operations.get(message.id);
        if (!operation) return;
        connection.operations.delete(message.id);
        if (operation instanceof Setup) {
          operation.abandoned = true;
          connection.abandonedSetups++;
        } else operation.return();
        return;
      }
      default:
        // next, error or connection_ack: valid messages, but only a server sends them (PROTOCOL.md:
        // any message not meant for the receiver is invalid, 4400). Any client can send one: not
        // worth more than a debug line.
        log.debug({ type: message.type }, 'a client sent a message only a server sends');
        return close(socket, CloseCode.BadRequest, 'Invalid message received');
    }
  };

  // Socket listeners are shared functions (`this` is the socket), not closures per socket, and the
  // upgrade request is not kept (its headers would stay in memory for the socket's lifetime).
  const bySocket = new WeakMap<WebSocket, Connection<V>>();
  function onSocketError(this: WebSocket, error: Error) {
    log.error({ err: error }, 'WebSocket socket error');
    internalError(this, error);
  }
  function onSocketPong(this: WebSocket) {
    const connection = bySocket.get(this);
    if (connection) connection.alive = true;
  }
  function onSocketMessage(this: WebSocket, data: WebSocket.RawData) {
    const connection = bySocket.get(this);
    // Once the server has started closing, the client's messages are not acted on.
    if (!connection || this.readyState !== WebSocket.OPEN || expired(connection)) return;
    connection.alive = true;
    onMessage(connection, String(data)).catch((error: unknown) => {
      log.error({ err: error }, 'internal error while handling a graphql-ws message');
      internalError(connection.socket, error);
    });
  }
  function onSocketClose(this: WebSocket) {
    const connection = bySocket.get(this);
    if (!connection) return;
    bySocket.delete(this);
    slices[connection.slice].delete(connection);
    clearTimeout(connection.timer);
    release(connection);
    endOperations(connection);
  }
  /** Returns the connection's subscriptions; setups in progress see their ids gone and end theirs. */
  const endOperations = (connection: Connection<V>) => {
    const operations = [...connection.operations.values()];
    connection.operations.clear();
    for (const operation of operations) if (!(operation instanceof Setup)) operation.return();
  };
  const initTimeout = (connection: Connection<V>) => {
    if (!connection.initReceived) close(connection.socket, CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
  };
  /** Whether the connection's token has expired; if so the socket is closed (4403). */
  const expired = (connection: Connection<V>): boolean => {
    if (Date.now() < connection.expiresAtMs) return false;
    close(connection.socket, CloseCode.Forbidden, 'Forbidden: token expired');
    return true;
  };
  // A shared function and the connection as its argument: one timer per connection, no closure.
  // setTimeout holds at most ~24.8 days; a later expiry is reached in several steps.
  const scheduleExpiry = (connection: Connection<V>) => {
    const delayMs = Math.min(connection.expiresAtMs - Date.now(), MAX_TIMER_DELAY_MS);
    connection.timer = setTimeout(expiryTimeout, Math.max(0, delayMs), connection).unref();
  };
  const expiryTimeout = (connection: Connection<V>) => {
    connection.timer = undefined;
    if (bySocket.get(connection.socket) === connection && !expired(connection)) scheduleExpiry(connection);
  };

  wss.on('connection', (socket) => {
    socket.on('error', onSocketError);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      close(socket, CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    const connection: Connection<V> = {
      socket,
      viewer: undefined,
      initReceived: false,
      acknowledged: false,
      timer: undefined,
      expiresAtMs: Infinity,
      operations: new Map(),
      abandonedSetups: 0,
      alive: true,
      missed: 0,
      slice: nextSlice++ % sliceCount,
      quotaKey: undefined,
    };
    bySocket.set(socket, connection);
    slices[connection.slice].add(connection);
    if (initWaitMs > 0 && Number.isFinite(initWaitMs)) connection.timer = setTimeout(initTimeout, initWaitMs, connection);
    socket.on('pong', onSocketPong);
    socket.on('message', onSocketMessage);
    socket.on('close', onSocketClose);
  });

  return {
    async dispose() {
      if (keepAlive) clearInterval(keepAlive);
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
