import type { PubSub } from '../pubsub/pubsub.js';
import type { Topics } from '../pubsub/topics.js';
import type { ContractRecord, DeductOrderRecord } from '../store/store.js';

/** SUBMITTING lasts only while our own request is in flight; subscribers see the answer instead. */
export function isPublished(order: DeductOrderRecord): boolean {
  return order.state !== 'SUBMITTING';
}

/** Publishes stored changes to every topic that routes them. Called only after the change is committed. */
export class RepaymentEvents {
  constructor(readonly pubsub: PubSub<Topics>) {}

  deductOrderChanged(order: DeductOrderRecord): void {
    if (!isPublished(order)) return;
    this.pubsub.publish('DEDUCT_ORDER_UPDATED', order.outTradeNo, order);
    this.pubsub.publish('CONTRACT_DEDUCT_ORDER_UPDATED', order.contractId, order);
  }

  contractChanged(contract: ContractRecord): void {
    this.pubsub.publish('REPAYMENT_CONTRACT_UPDATED', contract.outContractCode, contract);
    if (contract.contractId) this.pubsub.publish('REPAYMENT_CONTRACT_UPDATED_BY_ID', contract.contractId, contract);
  }
}
