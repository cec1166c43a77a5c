/**
 * The 5 s reply rule of §5.4 is a deadline for the whole reply, counted from the send: a receiver
 * that keeps the connection busy with a reply trickled byte by byte has still not answered in time.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { CALLBACK_REPLY_TIMEOUT_MS, CallbackDispatcher } from '../../src/simulator/callback-dispatcher.js';
import type { NotificationEnvelope } from '../../src/wechatpay/types.js';

const TRICKLE_GAP_MS = 400;
/** Longer than the deadline, and no gap anywhere near an idle timeout. */
const SLOW_REPLY_MS = 7000;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function envelope(id: string): NotificationEnvelope {
  return {
    id,
    create_time: '2025-07-01T10:00:00+08:00',
    event_type: 'CREDIT_REPAYMENT.DEDUCTION_PAY',
    resource_type: 'encrypt-resource',
    summary: '信贷还款还款成功',
    resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: '', nonce: '', associated_data: '', original_type: 'credit_repayment' },
  };
}

interface Run {
  dispatcher: CallbackDispatcher;
  lines: string[];
  /** Resolves with the log once a send ends the delivery (delivered or given up). */
  finished: Promise<string[]>;
}

function dispatcher(): Run {
  const lines: string[] = [];
  let finish!: (lines: string[]) => void;
  const finished = new Promise<string[]>((resolve) => (finish = resolve));
  const run: Run = {
    lines,
    finished,
    dispatcher: new CallbackDispatcher({
      key: { privateKey, publicKeyId: 'PUB_KEY_ID_0000000000000000000000000000' },
      intervalScale: 0.001,
      log: (line) => {
        lines.push(line);
        if (/delivered$|giving up$/.test(line)) finish(lines);
      },
    }),
  };
  return run;
}

function listening(server: Server | ReturnType<typeof createTcpServer>): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`)));
}

const sendOutcome = (line: string) => /: (.*) \(send (\d+)\/15\)/.exec(line)?.slice(1) ?? [];

describe('callback reply deadline (5 s per send, §5.4)', () => {
  const cleanups: (() => void)[] = [];
  after(() => {
    for (const cleanup of cleanups) cleanup();
  });

  it('a 200 whose body trickles in past 5 s is a failed send and is resent; a slow but complete one is not', async () => {
    const sentAt: number[] = [];
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        sentAt.push(Date.now());
        const total = sentAt.length === 1 ? SLOW_REPLY_MS : 1200;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        const started = Date.now();
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          if (Date.now() - started >= total) {
            clearInterval(timer);
            res.end('}');
          } else {
            res.write(' ');
          }
        }, TRICKLE_GAP_MS);
      });
    });
    const url = await listening(server);
    const run = dispatcher();
    cleanups.push(() => run.dispatcher.close(), () => server.close(), () => server.closeAllConnections());

    const started = Date.now();
    run.dispatcher.deliver(url, envelope('EV-trickled-body'));
    const lines = await run.finished;
    const sends = lines.map(sendOutcome).filter((parts) => parts.length > 0);
    assert.equal(sends.length, 2, lines.join('\n'));
    assert.deepEqual(sends[0], [`no complete reply within ${CALLBACK_REPLY_TIMEOUT_MS / 1000} s`, '1'], lines.join('\n'));
    assert.deepEqual(sends[1], ['200', '2']);
    assert.equal(sentAt.length, 2);
    const resentAfter = sentAt[1] - started;
    assert.ok(resentAfter >= CALLBACK_REPLY_TIMEOUT_MS - 50 && resentAfter < SLOW_REPLY_MS, `resent ${resentAfter} ms after the first send`);
  });

  it('a status line and headers trickled in past 5 s are a failed send too', async () => {
    let connections = 0;
    const sockets = new Set<Socket>();
    const server = createTcpServer((socket) => {
      sockets.add(socket);
      connections += 1;
      const first = connections === 1;
      let seen = '';
      socket.on('error', () => {});
      socket.on('data', (chunk) => {
        seen += chunk.toString('latin1');
        if (!seen.includes('\r\n\r\n')) return;
        seen = '';
        if (!first) {
          socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
          return;
        }
        // One header line every TRICKLE_GAP_MS: never idle, complete only after SLOW_REPLY_MS.
        const lines = ['HTTP/1.1 200 OK\r\n'];
        for (let i = 0; i < Math.ceil(SLOW_REPLY_MS / TRICKLE_GAP_MS); i += 1) lines.push(`X-Slow-${i}: 1\r\n`);
        lines.push('Content-Length: 0\r\nConnection: close\r\n\r\n');
        const timer = setInterval(() => {
          if (socket.destroyed || lines.length === 0) return clearInterval(timer);
          socket.write(lines.shift()!);
        }, TRICKLE_GAP_MS);
      });
    });
    const url = await listening(server);
    const run = dispatcher();
    cleanups.push(
      () => run.dispatcher.close(),
      () => server.close(),
      () => {
        for (const socket of sockets) socket.destroy();
      },
    );

    run.dispatcher.deliver(url, envelope('EV-trickled-head'));
    const lines = await run.finished;
    const sends = lines.map(sendOutcome).filter((parts) => parts.length > 0);
    assert.equal(sends.length, 2, lines.join('\n'));
    assert.deepEqual(sends[0], [`no complete reply within ${CALLBACK_REPLY_TIMEOUT_MS / 1000} s`, '1'], lines.join('\n'));
    assert.deepEqual(sends[1], ['204', '2']);
  });
});
