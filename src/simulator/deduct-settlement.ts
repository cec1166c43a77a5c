/**
 * Settles deduct orders asynchronously, as WeChat Pay does: an order answers PENDING, then after a
 * while becomes PAY_SUCCESS (with a transaction_id and a DEDUCTION_PAY callback) or PAY_FAIL (visible
 * only through the query, §5.1). The sandbox control endpoint can also move an order to NOT_PAY
 * first (§4: "not paid (yet)"; whether and when WeChat Pay reports it is UNCONFIRMED), which is not
 * final and not notified, so the poller's handling of it can be exercised; a later call settles it.
 */
import type { DeductOrderStateWire } from '../wechatpay/types.js';
import { newTransactionId } from './random-ids.js';
import type { StoredDeductOrder } from './simulator-state.js';

/** Where the automatic settlement takes an order. */
export type FinalOutcome = 'PAY_SUCCESS' | 'PAY_FAIL';
export type SettleOutcome = FinalOutcome | 'NOT_PAY';

export interface DeductSettlementOptions {
  /** null: orders stay PENDING until settled through the sandbox control endpoint. */
  delayMs: number | null;
  outcome: FinalOutcome;
  now: () => Date;
  /** Called once an order has become PAY_SUCCESS (sends the callback). */
  onPaid: (stored: StoredDeductOrder) => void;
}

const FINAL_STATES: readonly DeductOrderStateWire[] = ['DEDUCT_ORDER_STATE_PAY_SUCCESS', 'DEDUCT_ORDER_STATE_PAY_FAIL'];

export function isFinalOrderState(state: DeductOrderStateWire): boolean {
  return FINAL_STATES.includes(state);
}

export class DeductSettlement {
  private readonly pending = new Set<StoredDeductOrder>();

  constructor(private readonly options: DeductSettlementOptions) {}

  /** Arms the automatic settlement of a freshly created order. */
  schedule(stored: StoredDeductOrder): void {
    if (this.options.delayMs === null) return;
    stored.settleTimer = setTimeout(() => this.settle(stored, this.options.outcome), this.options.delayMs);
    this.pending.add(stored);
  }

  /**
   * Moves a non-final order to `outcome` now: a final state, or NOT_PAY, where it then stays until
   * settled by another call. Returns false if it already was final.
   */
  settle(stored: StoredDeductOrder, outcome: SettleOutcome): boolean {
    if (stored.settleTimer) clearTimeout(stored.settleTimer);
    stored.settleTimer = undefined;
    this.pending.delete(stored);
    if (isFinalOrderState(stored.order.order_state)) return false;
    if (outcome === 'NOT_PAY') {
      stored.order.order_state = 'DEDUCT_ORDER_STATE_NOT_PAY';
    } else if (outcome === 'PAY_SUCCESS') {
      stored.order.order_state = 'DEDUCT_ORDER_STATE_PAY_SUCCESS';
      stored.order.pay_success_amount = stored.order.deduct_amount;
      stored.order.transaction_id = newTransactionId(this.options.now());
      this.options.onPaid(stored);
    } else {
      stored.order.order_state = 'DEDUCT_ORDER_STATE_PAY_FAIL';
    }
    return true;
  }

  close(): void {
    for (const stored of this.pending) {
      if (stored.settleTimer) clearTimeout(stored.settleTimer);
      stored.settleTimer = undefined;
    }
    this.pending.clear();
  }
}
