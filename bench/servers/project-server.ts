/**
 * The project under test, in its own process. Env: BENCH_BASE_ROWS (settled repayments seeded before
 * start, default 1000), BENCH_ROW_FACTOR (multiplies every table, default 1).
 */
import 'reflect-metadata';
import { serveParent } from '../lib/child.js';
import { startProjectStack } from '../lib/project-stack.js';
import { multiplyRows, seedPending, seedSettled, type SeedIdentity } from '../lib/seed.js';

const baseRows = Number(process.env.BENCH_BASE_ROWS ?? 1000);
const factor = Number(process.env.BENCH_ROW_FACTOR ?? 1);
let sampleOutTradeNo = '';
let rowCounts: Record<string, number> = {};
let identity: SeedIdentity = { appid: '', subMchid: '' };

const stack = await startProjectStack({
  beforeApp: async (store, databaseFile, simulator) => {
    identity = { appid: simulator.credentials.appid, subMchid: simulator.credentials.subMchids[0] };
    // The notify URL of seeded orders is not used (callbacks are crafted by the bench).
    sampleOutTradeNo = await seedSettled(store, identity, baseRows, 'https://bench.invalid/wechatpay/notifications');
    rowCounts = multiplyRows(databaseFile, factor);
  },
});
const { credentials } = stack.simulator;

serveParent(
  {
    pid: process.pid,
    url: stack.app.url,
    graphqlUrl: `${stack.app.url}/graphql`,
    wsUrl: `${stack.app.url.replace(/^http/, 'ws')}/graphql`,
    notificationUrl: stack.app.notificationUrl,
    simulatorUrl: stack.simulator.url,
    sampleOutTradeNo,
    rowCounts,
    bearerToken: stack.bearerToken,
    credentials: {
      home: credentials.home,
      mchid: credentials.mchid,
      appid: credentials.appid,
      subMchid: credentials.subMchids[0],
      apiV3Key: credentials.apiV3Key,
      wechatpayPublicKeyId: credentials.wechatpayPublicKeyId,
      wechatpayPrivateKeyPem: credentials.wechatpayPrivateKeyPem,
    },
  },
  {
    seedPending: (payload: { count: number; contractId?: string; openid?: string }) =>
      seedPending(stack.store, identity, payload.count, stack.app.notificationUrl, payload),
    /** Which acknowledged callbacks are not stored (their notification id or their order's new state). */
    verifyStored: async (payload: { notificationIds: string[]; outTradeNos: string[] }) => {
      const missingNotifications: string[] = [];
      for (const id of payload.notificationIds) {
        const stored = await stack.store.notifications.get(id);
        if (!stored || stored.outcome !== 'APPLIED') missingNotifications.push(id);
      }
      const notPaid: string[] = [];
      for (let i = 0; i < payload.outTradeNos.length; i += 500) {
        const chunk = payload.outTradeNos.slice(i, i + 500);
        const rows = await stack.store.deductOrders.getMany(chunk);
        const paid = new Set(rows.filter((row) => row.state === 'PAY_SUCCESS').map((row) => row.outTradeNo));
        notPaid.push(...chunk.filter((outTradeNo) => !paid.has(outTradeNo)));
      }
      return { missingNotifications, notPaid };
    },
    memory: () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      return { ...process.memoryUsage(), gcExposed: Boolean(gc) };
    },
    statementCount: () => stack.store.statementCount(),
  },
  () => stack.close(),
);
