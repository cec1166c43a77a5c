import type { PubSub } from '../pubsub/pubsub.js';
import type { Topics } from '../pubsub/topics.js';
import type { ContractRecord, DeductOrderRecord } from '../store/store.js';

/** Publishes stored changes to every topic that routes them. Called only after the change is committed. */
export class RepaymentEvents {
  constructor(readonly pubsub: PubSub<Topics>) {}

  deductOrderChanged(order: DeductOrderRecord): void {
    // SUBMITTING lasts only while our own request is in flight; subscribers see the answer instead.
    if (order.state === 'SUBMITTING') return;
    this.pubsub.publish('DEDUCT_ORDER_UPDATED', order.outTradeNo, order);
    this.pubsub.publish('CONTRACT_DEDUCT_ORDER_UPDATED', order.contractId, order);
  }

  contractChanged(contract: ContractRecord): void {
    this.pubsub.publish('REPAYMENT_CONTRACT_UPDATED', contract.outContractCode, contract);
    if (contract.contractId) this.pubsub.publish('REPAYMENT_CONTRACT_UPDATED_BY_ID', contract.contractId, contract);
  }
}
