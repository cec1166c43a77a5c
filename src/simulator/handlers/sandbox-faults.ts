/**
 * Sandbox-only control of fault injection (the rules and their JSON are described in fault-rules.ts):
 *
 *   POST   /sandbox/faults    body: a JSON array of rules; replaces the current set; answers the set
 *   GET    /sandbox/faults    the rules, each with `remaining` and `hits`
 *   DELETE /sandbox/faults    no faults any more (204)
 */
import { ApiError } from '../api-error.js';
import type { FaultRule } from '../fault-rules.js';
import type { Route } from '../route.js';

const FAULTS = /^\/sandbox\/faults$/;

export const sandboxSetFaultsRoute: Route = {
  method: 'POST',
  pattern: FAULTS,
  handle(ctx, { body }) {
    let rules: unknown;
    try {
      rules = JSON.parse(body.toString('utf8'));
    } catch {
      throw ApiError.param('body', 'must be a JSON array of fault rules');
    }
    // parseFaultRules (inside set) checks every rule and names the one that is wrong.
    ctx.faults.set(rules as FaultRule[]);
    return { status: 200, body: ctx.faults.list() };
  },
};

export const sandboxListFaultsRoute: Route = {
  method: 'GET',
  pattern: FAULTS,
  handle: (ctx) => ({ status: 200, body: ctx.faults.list() }),
};

export const sandboxClearFaultsRoute: Route = {
  method: 'DELETE',
  pattern: FAULTS,
  handle(ctx) {
    ctx.faults.clear();
    return { status: 204 };
  },
};
