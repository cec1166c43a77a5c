import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BodyTooLargeError, readBody } from '../../src/server/read-body.js';

describe('readBody', () => {
  let server: Server;
  let url: string;
  /** What the last request's readBody settled with. */
  let outcome: Promise<{ body?: Buffer; error?: unknown }>;

  before(async () => {
    server = createServer((request, response) => {
      outcome = readBody(request, 16).then(
        (body) => {
          response.writeHead(200).end(`${body.length}:${body.toString('utf8')}`);
          return { body };
        },
        (error) => {
          if (error instanceof BodyTooLargeError) response.writeHead(413).end();
          else response.destroy();
          return { error };
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a body sent in several chunks into one Buffer', async () => {
    const response = await send(['hello ', 'wor', 'ld']);
    assert.deepEqual(response, { status: 200, text: '11:hello world' });
    assert.equal((await outcome).body?.toString(), 'hello world');
  });

  it('reads an empty body', async () => {
    assert.deepEqual(await send([]), { status: 200, text: '0:' });
  });

  it('refuses a declared length over the limit, and a chunked body that grows over it; both can still be answered', async () => {
    const declared = await fetch(url, { method: 'POST', body: 'x'.repeat(17) });
    assert.equal(declared.status, 413);
    assert.ok((await outcome).error instanceof BodyTooLargeError);
    assert.deepEqual(await send(['0123456789', '0123456789', '0123456789']), { status: 413, text: '' });
    assert.ok((await outcome).error instanceof BodyTooLargeError);
  });

  it('rejects when the client goes away before the body ended', async () => {
    const client = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
    client.on('error', () => {});
    client.write('abc');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.destroy();
    const { error, body } = await outcome;
    assert.equal(body, undefined);
    assert.ok(error instanceof Error && !(error instanceof BodyTooLargeError));
  });

  /** POSTs `chunks` with chunked transfer encoding (no content-length). */
  function send(chunks: string[]): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const client = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (c: string) => (text += c));
        response.on('end', () => resolve({ status: response.statusCode!, text }));
      });
      client.on('error', reject);
      let i = 0;
      const next = (): void => {
        if (i === chunks.length) {
          client.end();
          return;
        }
        client.write(chunks[i++]);
        setTimeout(next, 5);
      };
      next();
    });
  }
});
