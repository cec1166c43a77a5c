import { knownDeductOrderStateFromWire } from '../domain/states.js';
import type { Logger } from '../logger.js';
import type { ContractRecord, DeductOrderRecord, NotificationOutcome, Store } from '../store/store.js';
import {
  parseNotification,
  type ContractNotificationResource,
  type DeductionPayNotificationResource,
  type DeductOrder as WireDeductOrder,
  type NotificationEnvelope,
  type WechatpayVerifier,
} from '../wechatpay/index.js';
import type { ContractService } from './contract-service.js';
import { describe, type DeductOrderService } from './deduct-order-service.js';
import { envelopeFields, hasResourceRules, readResource, type EnvelopeFields } from './callback-readability.js';
import { loggedWireValue } from '../wire-value.js';

export interface NotificationReply {
  status: number;
  body?: { code: 'FAIL'; message: string };
}

export interface NotificationServiceOptions {
  store: Store;
  verifier: WechatpayVerifier;
  apiV3Key: string;
  orders: DeductOrderService;
  contracts: ContractService;
  log: Logger;
  now?: () => number;
}

/** Reasons that mean "not sent by WeChat Pay as far as we can tell": answered 401. */
const AUTHENTICITY_FAILURES = new Set(['MISSING_HEADERS', 'PROBE', 'STALE_TIMESTAMP', 'UNKNOWN_SERIAL', 'BAD_SIGNATURE']);

/** Marks a duplicate found inside the transaction, so the transaction rolls back what it applied. */
class AlreadyRecorded extends Error {}

/**
 * Receives WeChat Pay callbacks: verify and decrypt, then record the notification id and apply its
 * change in ONE transaction (a repeat, even one racing on another instance, changes nothing), then
 * publish what changed. Replies 204 on success, 4xx with nothing stored on anything untrustworthy.
 */
export class NotificationService {
  constructor(private readonly options: NotificationServiceOptions) {}

  async receive(headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<NotificationReply> {
    const { verifier, apiV3Key, log, now } = this.options;
    let envelope: NotificationEnvelope;
    let resource: unknown;
    try {
      ({ envelope, resource } = parseNotification({ headers, body }, { verifier, apiV3Key, now }));
    } catch (error) {
      if ((error as { type?: string }).type !== 'notification_error') {
        // Our own fault (e.g. a misconfigured key): 5xx, so WeChat Pay sends it again once fixed.
        log.error({ err: describe(error) }, 'cannot check notifications');
        return { status: 500, body: { code: 'FAIL', message: 'temporarily unable to process the notification' } };
      }
      const reason = (error as { reason?: string }).reason ?? 'MALFORMED';
      log.warn({ reason, requestId: headers['request-id'] }, 'rejected a notification');
      return {
        status: AUTHENTICITY_FAILURES.has(reason) ? 401 : 400,
        body: { code: 'FAIL', message: `notification rejected: ${reason}` },
      };
    }
    const stored = envelopeFields(envelope, body);
    if (stored.replaced) log.warn({ notificationId: stored.id, replaced: stored.replaced }, 'notification envelope fields stored otherwise than sent');
    try {
      const { outcome, subject, reason, payment } = await this.apply(stored, resource, body);
      // One line per applied callback is measurable at load (figure 3): routine ones are debug;
      // NO_CHANGE and DUPLICATE stay at info. UNMATCHED is an error: WeChat Pay reports a payment
      // for an order we have no row for (none is started here without one), or one that
      // contradicts ours, so money may have moved that nobody here tracks; or a callback we cannot
      // read (callback-readability.ts). The envelope is stored; someone must reconcile it.
      const fields = { notificationId: stored.id, eventType: stored.eventType, outcome };
      if (outcome === 'APPLIED') log.debug(fields, 'notification received');
      else if (outcome === 'UNMATCHED') {
        log.error({ ...fields, subject, ...(reason ? { reason: clipped(reason) } : {}), ...(payment ? paymentFields(payment) : {}) }, 'WeChat Pay reported what matches none of ours; reconcile it');
      } else log.info(fields, 'notification received');
      return { status: 204 };
    } catch (error) {
      // Storage trouble: answer 5xx so WeChat Pay sends it again later.
      log.error({ notificationId: stored.id, err: describe(error) }, 'notification could not be stored');
      return { status: 500, body: { code: 'FAIL', message: 'temporarily unable to process the notification' } };
    }
  }

  private async apply(stored: EnvelopeFields, resource: unknown, body: Buffer): Promise<Applied & { outcome: NotificationOutcome | 'DUPLICATE' }> {
    const { store, orders, contracts } = this.options;
    const changedOrders: DeductOrderRecord[] = [];
    const changedContracts: ContractRecord[] = [];
    let applied: Applied;
    try {
      applied = await store.transaction(async (tx) => {
        const event: Applied = stored.unreadable
          ? { subject: stored.unreadable, result: 'UNMATCHED', reason: 'event_type cannot be read' }
          : await this.applyEvent(stored.eventType, resource, tx, changedOrders, changedContracts);
        const first = await tx.notifications.recordOnce({
          id: stored.id,
          eventType: stored.eventType,
          createTime: stored.createTime,
          receivedAt: new Date().toISOString(),
          subject: event.subject,
          outcome: event.result,
          envelope: body.toString('utf8'),
        });
        if (!first) throw new AlreadyRecorded();
        return event;
      });
    } catch (error) {
      if (error instanceof AlreadyRecorded) return { subject: '', result: 'NO_CHANGE', outcome: 'DUPLICATE' };
      throw error;
    }
    changedOrders.forEach((order) => orders.published(order));
    changedContracts.forEach((contract) => contracts.published(contract));
    return { ...applied, outcome: applied.result };
  }

  private async applyEvent(
    eventType: string,
    received: unknown,
    tx: Store,
    changedOrders: DeductOrderRecord[],
    changedContracts: ContractRecord[],
  ): Promise<Applied> {
    const { orders, contracts } = this.options;
    if (!hasResourceRules(eventType)) return { subject: eventType, result: 'UNMATCHED', reason: 'an event type we do not know' };
    const reading = readResource(eventType, received);
    if (!reading.readable) return { subject: reading.subject, result: 'UNMATCHED', reason: `${reading.why} cannot be read` };
    const { subject, resource } = reading;
    switch (eventType) {
      case 'CREDIT_REPAYMENT.DEDUCTION_PAY': {
        const payment = resource as unknown as DeductionPayNotificationResource;
        // The conditional UPDATE first (the common case is an order that moves); only when it
        // changed nothing does a read tell an unknown order from one already there. A state we do
        // not know is not tried first: for an unknown order that is still UNMATCHED, as before.
        const wireStateKnown = knownDeductOrderStateFromWire(payment.order_state) !== undefined;
        const changed = wireStateKnown ? await orders.applyRemote(payment as WireDeductOrder, tx) : null;
        if (changed) {
          changedOrders.push(changed);
          return { subject, result: 'APPLIED' };
        }
        // An order we do not know is kept (the envelope is stored) for reconciliation.
        const known = await tx.deductOrders.get(subject);
        if (!known) return { subject, result: 'UNMATCHED', payment };
        // A known order with a state we cannot read fails as it always did (500, sent again later).
        if (!wireStateKnown) await orders.applyRemote(payment as WireDeductOrder, tx);
        // One that contradicts ours is kept for reconciliation too; a repeat may fill in details.
        const { changed: filled, contradiction } = await orders.reconcile(payment as WireDeductOrder, known, tx);
        if (filled) changedOrders.push(filled);
        return { subject, result: contradiction ? 'UNMATCHED' : filled ? 'APPLIED' : 'NO_CHANGE', payment, ...(contradiction ? { reason: contradiction } : {}) };
      }
      default: {
        const contract = resource as unknown as ContractNotificationResource;
        // One contract_id to one out_contract_code (each is unique, a code is never reused): a
        // callback pairing them otherwise than we hold them contradicts ours. Another code's
        // contract id is refused here (the unique index would throw); our code signed as another
        // contract is left alone by the upsert itself (also against a concurrent callback).
        const holder = await tx.contracts.getByContractId(contract.contract_id);
        if (holder && holder.outContractCode !== subject) return { subject, result: 'UNMATCHED', reason: "its contract_id is another out_contract_code's" };
        const changed = await contracts.applyNotification(contract, tx);
        if (changed) {
          changedContracts.push(changed);
          return { subject, result: 'APPLIED' };
        }
        const signed = (await tx.contracts.get(subject))?.contractId;
        if (signed && signed !== contract.contract_id) return { subject, result: 'UNMATCHED', reason: `its out_contract_code is signed as contract ${signed}` };
        return { subject, result: 'NO_CHANGE' };
      }
    }
  }
}

/** What a callback came to: its subject and outcome, and for the log why it matched nothing, and the payment it reported. */
interface Applied {
  subject: string;
  result: NotificationOutcome;
  reason?: string;
  payment?: DeductionPayNotificationResource;
}

/** What identifies an unmatched payment for reconciliation; no personal data (no openid). */
function paymentFields(payment: DeductionPayNotificationResource): Record<string, unknown> {
  // The ids were checked (callback-readability.ts); the rest may be anything WeChat Pay sent.
  return {
    outTradeNo: payment.out_trade_no,
    orderState: loggedWireValue(payment.order_state),
    contractId: payment.contract_id,
    deductAmount: loggedWireValue(payment.deduct_amount),
    paySuccessAmount: loggedWireValue(payment.pay_success_amount),
    transactionId: payment.transaction_id,
  };
}

/** Our own reason text, which may quote what WeChat Pay sent: bounded for the log. */
function clipped(reason: string): string {
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}
