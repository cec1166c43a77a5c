import { autocannon, type LoadResult } from './autocannon.js';
import { authHeaders, DEDUCT_ORDER_QUERY } from './operations.js';
import { settings } from './settings.js';

export function deductOrderBody(outTradeNo: string): string {
  return JSON.stringify({ operationName: 'DeductOrder', query: DEDUCT_ORDER_QUERY, variables: { outTradeNo } });
}

/** POSTs the query once; returns the parsed answer (throws on GraphQL errors). */
export async function queryOnce(url: string, body: string, headers: Record<string, string> = authHeaders()): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const json = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || json.errors) throw new Error(`query failed (${response.status}): ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

export function queryLoad(url: string, body: string, durationSeconds = settings.durationSeconds, headers = authHeaders()): Promise<LoadResult> {
  return autocannon({ url, body, headers, connections: settings.connections, durationSeconds });
}

export function checkClean(result: LoadResult, what: string): void {
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${what}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}
