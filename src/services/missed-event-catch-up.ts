/**
 * After the event transport (Redis) was away, or confirmed a new subscription only after its
 * watcher had read the current state, events that other instances published meanwhile may never
 * have reached this instance's subscribers, and a final state (PAY_SUCCESS) has no later
 * event to bring it. The catch-up re-reads from the store what this instance's subscriptions
 * watch and delivers it to them as if it had been published. Subscriptions drop a version they
 * have already sent, so only what was missed reaches a screen.
 *
 * A subscription to one record (an order, a contract) gets that record's current state. One to
 * every order of a contract gets the orders changed since `since` (not all the contract's orders:
 * a subscriber is sent an order when it changes, and those that did not change were not missed).
 */
import type { Logger } from '../logger.js';
import type { LocalTopic, PubSub } from '../pubsub/pubsub.js';
import type { Topics } from '../pubsub/topics.js';
import type { Store } from '../store/store.js';
import { isPublished } from './repayment-events.js';

export interface CatchUpOutcome {
  /** Records delivered to local subscribers (each may still be dropped as already sent). */
  delivered: number;
}

/** Contracts whose orders are read at once: bounds what one catch-up holds in memory. */
const CONTRACTS_PER_READ = 200;

export class MissedEventCatchUp {
  #stopped = false;

  constructor(
    private readonly pubsub: PubSub<Topics>,
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /** Registers itself for the transport's `onMissedEvents`; failures are logged, never thrown. */
  listen(): void {
    this.pubsub.onMissedEvents((since, only) => {
      if (this.#stopped) return;
      this.run(since, only).catch((error: unknown) =>
        this.log.error({ err: error }, 'catching up on missed events failed; subscribers on this instance see missed changes when they resubscribe'),
      );
    });
  }

  /** From now on a signal is ignored (the app is closing, the store with it). */
  stop(): void {
    this.#stopped = true;
  }

  /** Re-reads and delivers what the local subscriptions watch, or only `only` (see the module comment). */
  async run(since: Date, only?: LocalTopic<Topics>): Promise<CatchUpOutcome> {
    const local = only ? [only] : this.pubsub.localTopics();
    const byTopic = idsByTopic(local);
    const ids = (topic: keyof Topics & string) => byTopic.get(topic) ?? [];
    let delivered = 0;
    const deliver = <T extends keyof Topics & string>(topic: T, id: string, record: Topics[T]) => {
      this.pubsub.deliverLocally(topic, id, record);
      delivered += 1;
    };
    const { deductOrders, contracts } = this.store;

    for (const order of await deductOrders.getMany(ids('DEDUCT_ORDER_UPDATED'))) {
      if (isPublished(order)) deliver('DEDUCT_ORDER_UPDATED', order.outTradeNo, order);
    }
    const sinceMs = since.getTime();
    const watchedContracts = ids('CONTRACT_DEDUCT_ORDER_UPDATED');
    for (let start = 0; start < watchedContracts.length; start += CONTRACTS_PER_READ) {
      // A contract's whole order history is read and filtered here: a few dozen orders each.
      for (const order of await deductOrders.listByContractIds(watchedContracts.slice(start, start + CONTRACTS_PER_READ))) {
        if (isPublished(order) && Date.parse(order.updatedAt) >= sinceMs) deliver('CONTRACT_DEDUCT_ORDER_UPDATED', order.contractId, order);
      }
    }
    for (const outContractCode of ids('REPAYMENT_CONTRACT_UPDATED')) {
      const contract = await contracts.get(outContractCode);
      if (contract) deliver('REPAYMENT_CONTRACT_UPDATED', outContractCode, contract);
    }
    for (const contract of await contracts.getManyByContractId(ids('REPAYMENT_CONTRACT_UPDATED_BY_ID'))) {
      deliver('REPAYMENT_CONTRACT_UPDATED_BY_ID', contract.contractId!, contract);
    }
    const fields = { since: since.toISOString(), topics: local.length, delivered };
    if (only) this.log.debug({ ...fields, topic: only.topic }, 'caught up on events possibly missed before redis confirmed a subscription');
    else this.log.info(fields, 'caught up on events possibly missed while redis was away');
    return { delivered };
  }
}

/** The ids subscribed to, per topic. */
function idsByTopic(topics: Array<LocalTopic<Topics>>): Map<string, string[]> {
  const byTopic = new Map<string, string[]>();
  for (const { topic, id } of topics) {
    const ids = byTopic.get(topic);
    if (ids) ids.push(id);
    else byTopic.set(topic, [id]);
  }
  return byTopic;
}
