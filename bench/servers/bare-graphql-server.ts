/**
 * Baseline of figure 1: plain node:http + graphql-js `execute`, the parsed and validated document
 * cached by query text, static resolvers over the project's own schema (schema/schema.graphql).
 * BENCH_STATIC_DATA is the JSON the project answered for the same query, so the payload matches.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, execute, parse, validate, type DocumentNode } from 'graphql';
import { serveParent } from '../lib/child.js';
import { SCHEMA_SDL } from '../lib/operations.js';

const schema = buildSchema(SCHEMA_SDL);
const data = JSON.parse(process.env.BENCH_STATIC_DATA ?? '{}') as Record<string, unknown>;
const rootValue = { deductOrder: () => data };
const documents = new Map<string, DocumentNode>();

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let status = 200;
    let result: unknown;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
      let document = documents.get(body.query);
      if (!document) {
        document = parse(body.query);
        const errors = validate(schema, document);
        if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
        documents.set(body.query, document);
      }
      result = execute({ schema, document, rootValue, variableValues: body.variables });
    } catch (error) {
      status = 400;
      result = { errors: [{ message: String(error) }] };
    }
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(result));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveParent({ url: `http://127.0.0.1:${port}/graphql` }, {}, async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
