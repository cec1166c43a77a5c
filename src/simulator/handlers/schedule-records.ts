/**
 * §3.5 schedule a repayment (预约还款) and §3.6 query a reservation, with the simulator's own
 * implementation of the documented rules (OFF-SCHED).
 */
import type { ScheduleItemRequest, ScheduleRecord } from '../../wechatpay/types.js';
import { ApiError } from '../api-error.js';
import { beijingDate, calendarDayNumber } from '../beijing-time.js';
import { checkFields, DIGITS_AND_LETTERS, FEN, FEN_HINT, type FieldSchema } from '../field-schema.js';
import { parseJsonBody } from '../json-body.js';
import type { Route } from '../route.js';
import type { SimulatorContext } from '../simulator-context.js';
import { fingerprint } from '../simulator-state.js';

/** repayment_date must lie in D+1 … D+14, D being the reservation day in Beijing time. */
export const REPAYMENT_DATE_MIN_DAYS_AHEAD = 1;
export const REPAYMENT_DATE_MAX_DAYS_AHEAD = 14;
/** Minimum repayment as a percentage of repayment_amount, per template kind (OFF-SCHED). */
const MIN_REPAYMENT_PERCENT = { CONSUMER_LOAN: 5n, CASH_LOAN: 10n } as const;

const SCHEDULE_SCHEMA: FieldSchema = {
  contract_id: { type: 'string', required: true, maxBytes: 64 },
  appid: { type: 'string', required: true, maxBytes: 32 },
  openid: { type: 'string', required: true, maxBytes: 128 },
  schedule_items: {
    type: 'array',
    required: true,
    // "currently exactly one item is supported"
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'object',
      fields: {
        out_record_id: {
          type: 'string',
          required: true,
          maxBytes: 32,
          pattern: DIGITS_AND_LETTERS,
          patternHint: 'must contain only digits and ASCII letters',
        },
        sub_mchid: { type: 'string', required: true, maxBytes: 32 },
        sub_appid: { type: 'string', maxBytes: 32 },
        repayment_amount: { type: 'string', required: true, pattern: FEN, patternHint: FEN_HINT },
        min_repayment_amount: { type: 'string', pattern: FEN, patternHint: FEN_HINT },
        repayment_date: {
          type: 'string',
          required: true,
          pattern: /^\d{4}-\d{2}-\d{2}$/,
          patternHint: 'must be a date YYYY-MM-DD',
        },
      },
    },
  },
};

interface ScheduleRequest {
  contract_id: string;
  appid: string;
  openid: string;
  schedule_items: [ScheduleItemRequest];
}

const ITEM = 'schedule_items[0]';

export const createScheduleRecordRoute: Route = {
  method: 'POST',
  pattern: /^\/v3\/credit-repayment\/partner\/schedule-records\/batch-create$/,
  handle(ctx, { body }) {
    const parsed = parseJsonBody(body);
    checkFields(parsed, SCHEDULE_SCHEMA);
    const request = parsed as unknown as ScheduleRequest;
    const item = request.schedule_items[0];

    // UNCONFIRMED (§6.7): an identical retry gets the original record back; reusing the id for a
    // different reservation is refused. Checked before the date window so a retry after midnight
    // still succeeds.
    const existing = ctx.state.scheduleRecords.get(item.out_record_id);
    if (existing) {
      if (existing.fingerprint === fingerprint(request)) return { status: 200, body: { schedule_records: [existing.record] } };
      throw ApiError.invalidRequest(`out_record_id ${item.out_record_id} was already used with different parameters`);
    }

    // UNCONFIRMED code: a sub-merchant that is not a child of this service provider is a permission
    // problem (403 NO_AUTH, "no permission for this merchant") rather than a malformed parameter.
    if (!ctx.credentials.subMchids.includes(item.sub_mchid)) {
      throw ApiError.noAuth(`sub_mchid ${item.sub_mchid} is not a sub-merchant of service provider ${ctx.credentials.mchid}`);
    }

    const contract = ctx.state.contractById(request.contract_id);
    if (!contract) throw ApiError.invalidRequest(`contract ${request.contract_id} does not exist`);
    if (contract.contract_state !== 'CONTRACT_STATE_EFFECTIVE') {
      throw ApiError.invalidRequest(`contract ${request.contract_id} is not effective (${contract.contract_state})`);
    }
    if (request.appid !== contract.appid) throw ApiError.invalidRequest('appid does not match the contract');
    if (request.openid !== contract.openid) throw ApiError.invalidRequest('openid does not match the contract');

    const plan = ctx.credentials.plans[contract.plan_id];
    if (!plan) throw ApiError.invalidRequest(`template ${contract.plan_id} of the contract no longer exists`);
    const amount = BigInt(item.repayment_amount);
    if (amount > BigInt(contract.repayment_amount_limit)) {
      throw ApiError.param(
        `${ITEM}.repayment_amount`,
        `exceeds the contract's repayment_amount_limit ${contract.repayment_amount_limit}`,
      );
    }
    if (amount > BigInt(plan.max_repayment_amount)) {
      throw ApiError.param(`${ITEM}.repayment_amount`, `exceeds the template's cap ${plan.max_repayment_amount}`);
    }
    checkMinRepayment(item, amount, plan.kind);
    checkRepaymentDate(item.repayment_date, ctx.now());

    // UNCONFIRMED (§3.5): whether WeChat Pay allows a second reservation for the same contract and
    // repayment_date. The simulator allows it (each out_record_id is its own reservation). That is
    // the lenient reading: passing here does not show that WeChat Pay accepts it, so clients should
    // not rely on more than one reservation per contract and date.

    const record: ScheduleRecord & { contract_id: string } = {
      out_record_id: item.out_record_id,
      appid: request.appid,
      contract_id: request.contract_id,
      repayment_amount: item.repayment_amount,
      // UNCONFIRMED: the response marks the field required even when the request (cash loan) had none;
      // "0" (no minimum) is the reading that cannot make a caller refuse a valid amount.
      min_repayment_amount: item.min_repayment_amount ?? '0',
      repayment_date: item.repayment_date,
      openid: request.openid,
    };
    if (item.sub_appid !== undefined) record.sub_appid = item.sub_appid;
    ctx.state.scheduleRecords.set(item.out_record_id, {
      record,
      sub_mchid: item.sub_mchid,
      fingerprint: fingerprint(request),
    });
    return { status: 200, body: { schedule_records: [record] } };
  },
};

function checkMinRepayment(item: ScheduleItemRequest, amount: bigint, kind: 'CONSUMER_LOAN' | 'CASH_LOAN'): void {
  const field = `${ITEM}.min_repayment_amount`;
  if (item.min_repayment_amount === undefined) {
    if (kind === 'CONSUMER_LOAN') throw ApiError.param(field, 'is required for a consumer-loan template');
    return;
  }
  const min = BigInt(item.min_repayment_amount);
  const percent = MIN_REPAYMENT_PERCENT[kind];
  if (min * 100n < amount * percent) {
    throw ApiError.param(field, `must be at least ${percent}% of repayment_amount for this template`);
  }
  if (min > amount) throw ApiError.param(field, 'must not exceed repayment_amount');
}

function checkRepaymentDate(date: string, now: Date): void {
  const field = `${ITEM}.repayment_date`;
  const day = calendarDayNumber(date);
  if (day === null) throw ApiError.param(field, `${date} is not a calendar date`);
  const today = beijingDate(now);
  const ahead = day - calendarDayNumber(today)!;
  if (ahead < REPAYMENT_DATE_MIN_DAYS_AHEAD || ahead > REPAYMENT_DATE_MAX_DAYS_AHEAD) {
    throw ApiError.param(
      field,
      `must be between ${REPAYMENT_DATE_MIN_DAYS_AHEAD} and ${REPAYMENT_DATE_MAX_DAYS_AHEAD} days after today (${today}, Beijing time)`,
    );
  }
}

export const getScheduleRecordRoute: Route = {
  method: 'GET',
  pattern: /^\/v3\/credit-repayment\/partner\/schedule-records\/(?<out_record_id>[^/]+)$/,
  handle(ctx, { params, query }) {
    for (const key of query.keys()) {
      if (key !== 'contract_id') throw ApiError.param(key, 'unknown query parameter', 'query');
    }
    const contractId = query.get('contract_id');
    if (!contractId) throw ApiError.param('contract_id', 'required query parameter is missing', 'query');
    const stored = ctx.state.scheduleRecords.get(params.out_record_id);
    if (!stored || stored.record.contract_id !== contractId) {
      throw ApiError.notFound(`no schedule record ${params.out_record_id} for contract ${contractId}`);
    }
    return { status: 200, body: stored.record };
  },
};
