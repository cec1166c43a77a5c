/** The GraphQL documents the bench sends: the project's own operations from schema/operations/. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, 'schema', 'operations', file), 'utf8');

/** An operation with the fragments it uses (graphql-js refuses unused fragments). */
function withFragments(operation: string): string {
  const fragments = read('fragments.graphql')
    .split(/(?=^fragment )/m)
    .map((fragment) => fragment.trim())
    .filter((fragment) => fragment.startsWith('fragment '));
  const used = new Set<string>();
  let text = operation;
  for (let changed = true; changed; ) {
    changed = false;
    for (const fragment of fragments) {
      const name = /^fragment (\w+)/.exec(fragment)![1];
      if (!used.has(name) && new RegExp(`\\.\\.\\.${name}\\b`).test(text)) {
        used.add(name);
        text += `\n${fragment}`;
        changed = true;
      }
    }
  }
  return text;
}

/** `deductOrder(outTradeNo) { …order… contract { … } reservation { … } }` */
export const DEDUCT_ORDER_QUERY = withFragments(read('deduct-order.graphql'));

/** `deductOrderUpdated(outTradeNo | contractId) { …order… contract { contractId openid } }` */
export const DEDUCT_ORDER_UPDATED_SUBSCRIPTION = withFragments(read('deduct-order-updated.graphql'));

export const INITIATE_REPAYMENT_MUTATION = withFragments(read('initiate-repayment.graphql'));

export const SCHEDULE_REPAYMENT_MUTATION = withFragments(read('schedule-repayment.graphql'));

export const SCHEMA_SDL = readFileSync(path.join(REPO_ROOT, 'schema', 'schema.graphql'), 'utf8');

/** Optional bearer token (for when authentication, issue 6, is on). */
export function authHeaders(): Record<string, string> {
  const token = process.env.BENCH_BEARER_TOKEN;
  return token ? { authorization: `Bearer ${token}` } : {};
}

export const REPAYMENT_CONTRACT_QUERY = withFragments(read('repayment-contract.graphql'));
