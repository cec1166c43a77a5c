/**
 * Test support: the steps before the step under test (a signed contract, a reservation).
 */
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import type { Contract, ScheduleRecord } from '../../../src/wechatpay/types.js';
import { beijingDatePlus, callApi, callSandbox } from './api-client.js';

export const SCHEDULE_PATH = '/v3/credit-repayment/partner/schedule-records/batch-create';
export const DEDUCT_PATH = '/v3/credit-repayment/partner/deduct-orders';

let counter = 0;
/** Unique digits+letters id for this test process. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function createContract(sim: RunningSimulator, input: Record<string, unknown> = {}): Promise<Contract> {
  const response = await callSandbox(sim, 'POST', '/sandbox/contracts', input);
  assert.equal(response.status, 201, response.text);
  return response.json as Contract;
}

export function scheduleBody(
  sim: RunningSimulator,
  contract: Contract,
  item: Record<string, unknown> = {},
  now: Date = new Date(),
): Record<string, unknown> {
  return {
    contract_id: contract.contract_id,
    appid: contract.appid,
    openid: contract.openid,
    schedule_items: [
      {
        out_record_id: uniqueId('R'),
        sub_mchid: sim.credentials.subMchids[0],
        repayment_amount: '10000',
        min_repayment_amount: '500',
        repayment_date: beijingDatePlus(now, 3),
        ...item,
      },
    ],
  };
}

export async function schedule(
  sim: RunningSimulator,
  contract: Contract,
  item: Record<string, unknown> = {},
): Promise<ScheduleRecord> {
  const response = await callApi(sim, 'POST', SCHEDULE_PATH, scheduleBody(sim, contract, item));
  assert.equal(response.status, 200, response.text);
  return response.json.schedule_records[0] as ScheduleRecord;
}

export function deductBody(record: ScheduleRecord, notifyUrl: string, extra: Record<string, unknown> = {}) {
  return {
    contract_id: record.contract_id,
    out_trade_no: uniqueId('T'),
    out_record_id: record.out_record_id,
    deduct_amount: record.repayment_amount,
    notify_url: notifyUrl,
    description: '信贷还款',
    ...extra,
  };
}
