/** Figure 3's measurement, shared with figure 6: signed callbacks for fresh PENDING orders, sent by autocannon. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, type LoadResult } from './autocannon.js';
import { paidCallback, type CraftedCallback, type SandboxKeys } from './callbacks.js';
import type { ChildServer } from './child.js';
import { benchScript } from './paths.js';
import type { PendingOrder } from './seed.js';
import { settings } from './settings.js';

export interface ProjectInfo {
  graphqlUrl: string;
  notificationUrl: string;
  sampleOutTradeNo: string;
  rowCounts: Record<string, number>;
  credentials: SandboxKeys & { home: string; appid: string };
}

export interface IngestionRound extends LoadResult {
  acked: number;
  ackedButNotStored: number;
}

/**
 * Callbacks per project round: distinct orders, each sent once. Enough for a sustained rate (about
 * 1–2 s of load here); the baseline needs no fresh orders and runs for BENCH_DURATION instead.
 */
export const CALLBACKS_PER_ROUND = Number(process.env.BENCH_CALLBACKS ?? 10_000);

export async function sendCallbacks(
  url: string,
  callbacks: CraftedCallback[],
  options: { amount: number; durationSeconds?: number },
): Promise<{ result: LoadResult; ackedIds: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-cb-'));
  try {
    const file = path.join(dir, 'callbacks.json');
    const ackedFile = path.join(dir, 'acked.json');
    writeFileSync(file, JSON.stringify(callbacks.map(({ id, headers, body }) => ({ id, headers, body }))));
    const stdout = await run(process.execPath, [
      benchScript('load/callback-load.js'),
      file,
      url,
      String(settings.senders),
      String(options.amount),
      String(options.durationSeconds ?? settings.durationSeconds),
      ackedFile,
    ]);
    return { result: JSON.parse(stdout) as LoadResult, ackedIds: JSON.parse(readFileSync(ackedFile, 'utf8')) as string[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One project round: seed fresh PENDING orders, sign one callback each, send them all once, check storage. */
export async function projectIngestionRound(project: ChildServer<ProjectInfo>, count = CALLBACKS_PER_ROUND): Promise<IngestionRound> {
  // A few spare callbacks: each sender builds its next request before the run ends.
  const orders = await project.request<PendingOrder[]>('seedPending', { count: count + 2 * settings.senders + 2 });
  const callbacks = orders.map((order) => paidCallback(project.info.credentials, order));
  const { result, ackedIds } = await sendCallbacks(project.info.notificationUrl, callbacks, { amount: count });
  const byId = new Map(callbacks.map((callback) => [callback.id, callback.outTradeNo]));
  const check = await project.request<{ missingNotifications: string[]; notPaid: string[] }>('verifyStored', {
    notificationIds: ackedIds,
    outTradeNos: ackedIds.map((id) => byId.get(id)!),
  });
  return {
    ...result,
    acked: ackedIds.length,
    ackedButNotStored: new Set([...check.missingNotifications, ...check.notPaid.map((o) => `order:${o}`)]).size,
  };
}
