import { checkDeduction } from '../domain/deduction-rules.js';
import {
  deductOrderPredecessors,
  deductOrderStateFromWire,
  isFinalDeductOrderState,
  knownDeductOrderStateFromWire,
  type DeductOrderState,
} from '../domain/states.js';
import { beijingDate } from '../domain/beijing-date.js';
import { fenFromWire, formatFen } from '../domain/money.js';
import { canSee, type Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import {
  LiveOrderExistsError,
  type DeductOrderFilter,
  type DeductOrderIdentity,
  type DeductOrderPatch,
  type DeductOrderRecord,
  type NewDeductOrder,
  type PageRequest,
  type Store,
} from '../store/store.js';
import { isWechatpayError, type DeductOrder as WireDeductOrder, type WechatpayClient } from '../wechatpay/index.js';
import type { RepaymentEvents } from './repayment-events.js';
import { ServiceError } from './service-error.js';
import { nextPollAt, pastGiveUpAge } from './poll-schedule.js';
import { isNotNowRefusal } from './refusals.js';
import { wireValue } from '../wire-value.js';

export interface InitiateRepaymentInput {
  contractId: string;
  outTradeNo: string;
  outRecordId: string;
  deductAmount: number;
  description: string;
  attach: string | null;
}

export interface DeductOrderServiceOptions {
  store: Store;
  wechatpay: WechatpayClient;
  events: RepaymentEvents;
  /** Where WeChat Pay sends DEDUCTION_PAY: built from PUBLIC_URL, never taken from a client. */
  notifyUrl: () => string;
  /** Upper bound of one WeChat Pay call; an intent older than this with no answer is in doubt. */
  requestTimeoutMs: number;
  log: Logger;
  now?: () => Date;
}

/**
 * 发起还款 and everything that moves a deduct order afterwards. Intent before effect: the order is
 * stored SUBMITTING before WeChat Pay is called, so a crash or timeout leaves a row for the poller
 * to resolve, never a payment we know nothing about.
 */
export class DeductOrderService {
  private readonly now: () => Date;

  constructor(private readonly options: DeductOrderServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get(outTradeNo: string): Promise<DeductOrderRecord | undefined> {
    return this.options.store.deductOrders.get(outTradeNo);
  }

  list(filter: DeductOrderFilter, page: PageRequest): Promise<DeductOrderRecord[]> {
    return this.options.store.deductOrders.list(filter, page);
  }

  /** Asks WeChat Pay for the order now (§3.8) and stores what moved forward. */
  async refresh(outTradeNo: string): Promise<DeductOrderRecord> {
    const local = await this.get(outTradeNo);
    if (!local) throw new ServiceError('NOT_FOUND', `no deduct order ${outTradeNo}`, 'outTradeNo');
    const remote = await this.options.wechatpay.deductOrders.get(outTradeNo);
    const current = (await this.applyRemote(remote)) ?? (await this.get(outTradeNo));
    // Gone meanwhile: only a first create's definitive refusal deletes a row.
    if (!current) throw new ServiceError('NOT_FOUND', `no deduct order ${outTradeNo}`, 'outTradeNo');
    return current;
  }

  /** A borrower may repay only on their own contract; to anyone else it does not exist. */
  async initiate(input: InitiateRepaymentInput, viewer: Viewer): Promise<DeductOrderRecord> {
    const { store } = this.options;
    // The caller's own contract first: what anyone else's ids hold is not told to a caller who
    // has no contract here. (That an outTradeNo is taken stays visible: the ids are unique per
    // merchant, so a used one must be refused, whoever used it.)
    const contract = await store.contracts.getByContractId(input.contractId);
    if (!contract || !canSee(viewer, contract.openid)) {
      throw new ServiceError('NOT_FOUND', `no repayment contract ${input.contractId}`, 'contractId');
    }
    const existing = await store.deductOrders.get(input.outTradeNo);
    if (existing) return this.replayFor(viewer, existing, input);

    const reservation = await store.reservations.get(input.outRecordId);
    // Another contract's reservation is not found, as a missing one: never its owner or contract.
    if (!reservation || reservation.contractId !== input.contractId) {
      throw new ServiceError('NOT_FOUND', `no reservation ${input.outRecordId} on contract ${input.contractId}`, 'outRecordId');
    }
    checkDeduction(input, {
      contract: { state: contract.state, repaymentAmountLimit: contract.repaymentAmountLimit, contractId: input.contractId },
      reservation,
    });
    // One live order per reservation (UNCONFIRMED in the API docs; the strict reading): a second
    // order is allowed only after the first one failed. Checked here for a clear answer; the
    // database's unique index decides between concurrent requests (see below).
    await this.refuseSecondLiveOrder(input.outRecordId);

    const intent = await this.insertIntentOnce(
      {
        outTradeNo: input.outTradeNo,
        contractId: input.contractId,
        outRecordId: input.outRecordId,
        deductAmount: input.deductAmount,
        description: input.description,
        attach: input.attach,
        notifyUrl: this.options.notifyUrl(),
        appid: reservation.appid,
        subAppid: reservation.subAppid,
        openid: reservation.openid,
        requestedBy: viewer.subject,
      },
      // If we crash mid-call, the poller takes over once the call could no longer be running.
      this.inFlightUntil(),
    );
    if (intent) {
      const submitted = await this.submit(intent, 'first');
      if (!submitted) throw new Error(`deduct order ${input.outTradeNo} is no longer stored`);
      return submitted;
    }
    // Taken meanwhile by a request racing this one. If that one was already refused and its intent
    // removed, nothing is left to replay: the caller may simply send it again.
    const raced = await store.deductOrders.get(input.outTradeNo);
    if (!raced) throw new ServiceError('CONFLICT', `outTradeNo ${input.outTradeNo} was just used by another request; send it again`, 'outTradeNo');
    return this.replayFor(viewer, raced, input);
  }

  private async refuseSecondLiveOrder(outRecordId: string): Promise<void> {
    const siblings = await this.options.store.deductOrders.listByOutRecordIds([outRecordId]);
    const live = siblings.find((order) => order.state !== 'PAY_FAIL');
    if (live) {
      throw new ServiceError('CONFLICT', `reservation ${outRecordId} already has order ${live.outTradeNo} (${live.state})`, 'outRecordId');
    }
  }

  /**
   * The intent insert, where a request racing this one with another out_trade_no for the same
   * reservation got there first: the unique index refused ours, and the caller gets the CONFLICT
   * the read check gives. A twin with the same out_trade_no may hit that index before the key
   * (which one a database checks first is its business): null then, and the caller replays it.
   */
  private async insertIntentOnce(order: NewDeductOrder, nextPollAt: string): Promise<DeductOrderRecord | null> {
    const { store } = this.options;
    try {
      return await store.deductOrders.insertIntent(order, nextPollAt);
    } catch (error) {
      if (!(error instanceof LiveOrderExistsError)) throw error;
      if (await store.deductOrders.get(order.outTradeNo)) return null;
      await this.refuseSecondLiveOrder(order.outRecordId);
      // The live order is gone again (its first submission was refused): this one may be sent again.
      throw new ServiceError('CONFLICT', `reservation ${order.outRecordId} was just taken by another order; send it again`, 'outRecordId');
    }
  }

  /** The order this out_trade_no already names, to a viewer who may see it; to anyone else a conflict. */
  private replayFor(viewer: Viewer, existing: DeductOrderRecord, input: InitiateRepaymentInput): DeductOrderRecord {
    if (!canSee(viewer, existing.openid)) throw new ServiceError('CONFLICT', `outTradeNo ${input.outTradeNo} is already used`, 'outTradeNo');
    return this.replay(existing, input);
  }

  /**
   * Sends the stored intent to WeChat Pay: the first time, or again after WeChat Pay said it does
   * not know the order. A definitive refusal of a first attempt removes the intent and reaches the
   * caller as an error, but only while the row is untouched since its insert: once a poller has
   * claimed it (and perhaps sent the same out_trade_no again, which WeChat Pay may hold) it stays,
   * in doubt, and is only queried. A refusal of a resubmission leaves the order UNKNOWN: one that
   * only means "not now" (rate limit, our signature or keys) for a later try; any other is recorded
   * (`resubmissionRefusedAt`) and the order is only queried from then on. Only WeChat Pay's own
   * PAY_FAIL (query or callback) fails an order. Undefined only when the row is gone (logged).
   */
  async submit(intent: DeductOrderRecord, attempt: 'first' | 'again', pollAttempts = 0): Promise<DeductOrderRecord | undefined> {
    const { wechatpay, log } = this.options;
    try {
      const answer = await wechatpay.deductOrders.create({
        contract_id: intent.contractId,
        out_trade_no: intent.outTradeNo,
        out_record_id: intent.outRecordId,
        deduct_amount: formatFen(intent.deductAmount),
        notify_url: intent.notifyUrl,
        description: intent.description,
        ...(intent.attach === null ? {} : { attach: intent.attach }),
      });
      const applied = await this.applyRemote(answer);
      return applied ?? (await this.reread(intent.outTradeNo, 'after its create was answered'));
    } catch (error) {
      if (isWechatpayError(error) && !error.outcomeUnknown) {
        if (attempt === 'first') return this.firstRefused(intent, error);
        if (!isNotNowRefusal(error)) {
          // UNCONFIRMED (§6.7: replays of an out_trade_no): the first create, whose outcome we never
          // learnt, may have reached WeChat Pay and not be visible yet to the query that found
          // nothing; the refusal may then mean "this out_trade_no is taken". Safe reading: still in
          // doubt, queried until WeChat Pay reports a state, never failed by us and not sent again.
          log.warn({ outTradeNo: intent.outTradeNo, err: describe(error) }, 'deduct order resubmission refused; it is only queried from now on');
          return this.inDoubt(intent.outTradeNo, `resubmission refused (${describe(error)}); queried, not sent again`, pollAttempts, {
            resubmissionRefusedAt: this.now().toISOString(),
          });
        }
      }
      log.warn({ outTradeNo: intent.outTradeNo, err: describe(error) }, 'deduct order outcome unknown; the poller will resolve it');
      if (attempt === 'first') return this.firstInDoubt(intent, describe(error));
      return this.inDoubt(intent.outTradeNo, describe(error), pollAttempts);
    }
  }

  /**
   * The first create ended without an answer: the order is in doubt (UNKNOWN), and its next look is
   * brought forward to the first backoff, but only while the row still holds the in-flight guard
   * set at insert. A poller that took it up meanwhile (the margin ran out: a slow insert, a clock
   * ahead) holds its lease there, or the guard of its own resend of the order, which is still out:
   * moving that earlier would let the next round send the same out_trade_no a third time.
   */
  private async firstInDoubt(intent: DeductOrderRecord, lastError: string): Promise<DeductOrderRecord | undefined> {
    await this.transition(intent.outTradeNo, 'UNKNOWN', { lastError });
    await this.options.store.deductOrders.reschedulePoll(
      intent.outTradeNo,
      ['UNKNOWN'],
      { nextPollAt: nextPollAt(this.now(), 0), pollAttempts: 0 },
      intent.nextPollAt,
    );
    return this.reread(intent.outTradeNo, 'when its first create was left in doubt');
  }

  /**
   * WeChat Pay definitively refused the first create. Nothing happened there for that request, so
   * the intent is removed and the caller gets the refusal, if the row is exactly as inserted. The
   * time margin of `inFlightUntil` is not enough to know that no poller sent the order again
   * meanwhile (another instance's clock may be ahead, or the insert itself slow): a poller's claim
   * moves `nextPollAt` and its resubmission sets `pollAttempts`, so the delete is conditional on
   * both (and the version). A row touched since may have been sent again, and WeChat Pay may hold
   * that order (this refusal may even be its answer to a duplicate): it stays, in doubt, and is
   * only queried from then on (`resubmissionRefusedAt`), never sent again.
   */
  private async firstRefused(intent: DeductOrderRecord, error: unknown): Promise<DeductOrderRecord> {
    const { store, log } = this.options;
    const deleted = await store.deductOrders.deleteIntent(intent.outTradeNo, ['SUBMITTING'], intent);
    const current = deleted ? undefined : await this.get(intent.outTradeNo);
    if (!current) throw error;
    log.warn(
      { outTradeNo: intent.outTradeNo, state: current.state, err: describe(error) },
      'first deduct order create refused after the order was claimed for resubmission; kept in doubt, only queried',
    );
    if (current.state !== 'SUBMITTING' && current.state !== 'UNKNOWN') return current; // WeChat Pay answered the resubmission
    const inDoubt = await this.inDoubt(
      intent.outTradeNo,
      `first create refused (${describe(error)}) after a poller took the order up; queried, not sent again`,
      current.pollAttempts,
      { resubmissionRefusedAt: this.now().toISOString() },
    );
    if (!inDoubt) throw error;
    return inDoubt;
  }

  /**
   * The poller found no such order at WeChat Pay: our create never got there (or a crash stopped
   * it), so the same out_trade_no is sent again. The state does not move (no version, no event):
   * the order is as much in doubt as before; only the next look is pushed past the call's timeout,
   * so no poller round (here or on another instance) sends it a second time while this one runs.
   * The claim holds only while `nextPollAt` is still the poller's lease on `order`: once that lease
   * ran out and another instance claimed the order, this one no longer sends it. The claim also
   * sets `pollAttempts` (at least 1), which keeps a late refusal of the first create from deleting
   * the row (see `firstRefused`).
   *
   * Never sent again past the give-up age (the borrower asked days ago: polling stops, as in the
   * poller's `later`), nor after the reservation's repayment date (queried until the give-up age).
   * Undefined only when the row is gone (logged).
   */
  async resubmit(order: DeductOrderRecord, pollAttempts: number): Promise<DeductOrderRecord | undefined> {
    const { store } = this.options;
    if (order.resubmissionRefusedAt !== null) return order;
    const notAgain = await this.tooLateToResend(order, pollAttempts);
    if (notAgain) {
      await store.deductOrders.reschedulePoll(order.outTradeNo, [order.state], notAgain, order.nextPollAt);
      return this.reread(order.outTradeNo, 'after its resubmission was ruled out');
    }
    const claimed = await store.deductOrders.reschedulePoll(
      order.outTradeNo,
      [order.state],
      { nextPollAt: this.inFlightUntil(), pollAttempts, lastError: 'not known to WeChat Pay; submitted again' },
      order.nextPollAt,
    );
    const intent = await this.reread(order.outTradeNo, 'when it was to be submitted again');
    if (!intent || !claimed || (intent.state !== 'SUBMITTING' && intent.state !== 'UNKNOWN')) return intent;
    return this.submit(intent, 'again', pollAttempts);
  }

  /**
   * The poll bookkeeping for an order that WeChat Pay does not know and that must not be sent
   * again any more, or null while it may be.
   */
  private async tooLateToResend(
    order: DeductOrderRecord,
    pollAttempts: number,
  ): Promise<Pick<DeductOrderPatch, 'nextPollAt' | 'pollAttempts' | 'lastError'> | null> {
    const now = this.now();
    if (pastGiveUpAge(order.createdAt, now)) {
      return {
        pollAttempts,
        nextPollAt: null,
        lastError: `polling stopped after ${pollAttempts} attempts: not known to WeChat Pay and past the give-up age; not sent again`,
      };
    }
    // UNCONFIRMED whether WeChat Pay accepts a deduction after the reservation's repayment date
    // (Beijing calendar). Safe reading: do not send it again then; it is still queried (the first
    // create may yet show up) until the give-up age.
    const reservation = await this.options.store.reservations.get(order.outRecordId);
    if (reservation && beijingDate(now) > reservation.repaymentDate) {
      return {
        pollAttempts,
        nextPollAt: nextPollAt(now, pollAttempts),
        lastError: `not known to WeChat Pay; not sent again: the repayment date ${reservation.repaymentDate} (Beijing) has passed`,
      };
    }
    return null;
  }

  /** When the poller may look at an order whose create call starts now: after that call has surely ended. */
  inFlightUntil(): string {
    return new Date(this.now().getTime() + this.options.requestTimeoutMs + 5_000).toISOString();
  }

  /**
   * No usable answer: SUBMITTING becomes UNKNOWN (published once); an order already UNKNOWN stays
   * so, without a new version or event, and is looked at again later.
   */
  private async inDoubt(
    outTradeNo: string,
    lastError: string,
    pollAttempts: number,
    extra: Pick<DeductOrderPatch, 'resubmissionRefusedAt'> = {},
  ): Promise<DeductOrderRecord | undefined> {
    const patch = { lastError, nextPollAt: nextPollAt(this.now(), pollAttempts), pollAttempts, ...extra };
    const unknown = await this.transition(outTradeNo, 'UNKNOWN', patch);
    if (unknown) return unknown;
    await this.options.store.deductOrders.reschedulePoll(outTradeNo, ['UNKNOWN'], patch);
    return this.reread(outTradeNo, 'when it was left in doubt');
  }

  /** The order as stored now; a row that is gone (it should not be) is logged, not a TypeError. */
  private async reread(outTradeNo: string, when: string): Promise<DeductOrderRecord | undefined> {
    const order = await this.get(outTradeNo);
    if (!order) this.options.log.error({ outTradeNo }, `deduct order no longer stored ${when}`);
    return order;
  }

  /**
   * Applies WeChat Pay's view of an order (create answer, query answer or callback) if it moves
   * the order forward, and publishes the change. Returns the new row, or null if nothing changed.
   * It applies only to the order it describes: the same contract, reservation and amount as ours
   * (checked in the UPDATE itself), and never more paid than asked. appid, sub_appid and openid
   * are ours, from the reservation: never overwritten or erased by what an answer says or omits.
   * Outside a callback's transaction, an answer that changed nothing is reconciled (see `reconcile`).
   */
  async applyRemote(remote: WireDeductOrder, store: Store = this.options.store): Promise<DeductOrderRecord | null> {
    // Inside a callback's transaction, NotificationService reconciles what changed nothing.
    if (store !== this.options.store) return this.moveForward(remote, store);
    return (await this.applyAnswer(remote)).changed;
  }

  /**
   * A query or create answer: applied if it moves the order forward, reconciled otherwise. Returns
   * the change, and what contradicts ours if anything does (for the order's `lastError`).
   */
  async applyAnswer(remote: WireDeductOrder): Promise<{ changed: DeductOrderRecord | null; contradiction: string | null }> {
    const changed = await this.moveForward(remote, this.options.store);
    if (changed) return { changed, contradiction: null };
    const stored = await this.options.store.deductOrders.get(remote.out_trade_no);
    return stored ? this.reconcile(remote, stored) : { changed: null, contradiction: null };
  }

  /** The conditional UPDATE of `applyRemote`; publishes unless inside a caller's transaction. */
  private async moveForward(remote: WireDeductOrder, store: Store): Promise<DeductOrderRecord | null> {
    const state = deductOrderStateFromWire(remote.order_state);
    const expect: DeductOrderIdentity = {
      contractId: remote.contract_id,
      outRecordId: remote.out_record_id,
      deductAmount: fenFromWire(remote.deduct_amount),
    };
    const paySuccessAmount = this.paySuccessAmount(remote);
    const readable = remote.deduct_amount === undefined || expect.deductAmount !== undefined;
    const overpaid = paySuccessAmount !== null && expect.deductAmount !== undefined && paySuccessAmount > expect.deductAmount;
    if (!readable || overpaid) return null;
    // What an answer leaves out is kept, not erased: both are optional (§3.7), and a value learnt
    // from an earlier answer must not be lost to a later one (a final order is not asked again).
    const patch: DeductOrderPatch = {
      paySuccessAmount: paySuccessAmount ?? undefined,
      transactionId: remote.transaction_id ?? undefined,
      lastError: null,
      nextPollAt: isFinalDeductOrderState(state) ? null : nextPollAt(this.now(), 0),
      pollAttempts: 0,
    };
    const changed = await store.deductOrders.transition(remote.out_trade_no, deductOrderPredecessors(state), state, patch, expect);
    if (changed && store === this.options.store) this.options.events.deductOrderChanged(changed);
    return changed;
  }

  /**
   * WeChat Pay's view of an order that did not move it. A contradiction (another contract,
   * reservation or amount, more paid than asked, or another final state than ours: a PAY_SUCCESS
   * after our PAY_FAIL means money moved for an order whose reservation we freed) is never applied,
   * only logged as an error to reconcile. A PAY_SUCCESS learnt again may bring the amount paid and
   * the transaction id that an earlier answer left out: those fill what is still empty.
   */
  async reconcile(
    remote: WireDeductOrder,
    stored: DeductOrderRecord,
    store: Store = this.options.store,
  ): Promise<{ changed: DeductOrderRecord | null; contradiction: string | null }> {
    const paid = this.paySuccessAmount(remote);
    const contradiction = this.contradiction(remote, paid, stored);
    if (contradiction !== null) {
      this.options.log.error(
        { outTradeNo: stored.outTradeNo, state: stored.state, contradiction },
        'WeChat Pay reports a deduct order that contradicts ours; not applied: reconcile it',
      );
      return { changed: null, contradiction };
    }
    if (stored.state !== 'PAY_SUCCESS' || knownDeductOrderStateFromWire(remote.order_state) !== 'PAY_SUCCESS') return { changed: null, contradiction: null };
    const changed = await store.deductOrders.fillPaymentDetails(stored.outTradeNo, {
      paySuccessAmount: paid,
      transactionId: remote.transaction_id ?? null,
    });
    if (changed && store === this.options.store) this.options.events.deductOrderChanged(changed);
    return { changed, contradiction: null };
  }

  /** What in `remote` (with `paid`, its pay_success_amount as read) contradicts `stored`, or null. */
  private contradiction(remote: WireDeductOrder, paid: number | null, stored: DeductOrderRecord): string | null {
    // What WeChat Pay sent goes into logs and lastError as wireValue: escaped and cut short.
    if (remote.contract_id !== undefined && remote.contract_id !== stored.contractId) return `contract_id ${wireValue(remote.contract_id)}, ours ${stored.contractId}`;
    if (remote.out_record_id !== undefined && remote.out_record_id !== stored.outRecordId) return `out_record_id ${wireValue(remote.out_record_id)}, ours ${stored.outRecordId}`;
    if (remote.deduct_amount !== undefined && fenFromWire(remote.deduct_amount) !== stored.deductAmount) {
      return `deduct_amount ${wireValue(remote.deduct_amount)}, ours ${stored.deductAmount}`;
    }
    if (paid !== null && paid > stored.deductAmount) return `pay_success_amount ${paid} exceeds deduct_amount ${stored.deductAmount}`;
    if (paid !== null && stored.paySuccessAmount !== null && paid !== stored.paySuccessAmount) {
      return `pay_success_amount ${paid}, ours ${stored.paySuccessAmount}`;
    }
    if (remote.transaction_id && stored.transactionId !== null && remote.transaction_id !== stored.transactionId) {
      return `transaction_id ${wireValue(remote.transaction_id)}, ours ${stored.transactionId}`;
    }
    const state = knownDeductOrderStateFromWire(remote.order_state);
    if (state && isFinalDeductOrderState(state) && isFinalDeductOrderState(stored.state) && state !== stored.state) {
      return `order_state ${state}, ours ${stored.state}`;
    }
    return null;
  }

  /**
   * pay_success_amount as fen. One that is not a digit string is left out (and logged) rather than
   * stored as a float or refused: the order's state, which WeChat Pay also reported, matters more.
   */
  private paySuccessAmount(remote: WireDeductOrder): number | null {
    if (remote.pay_success_amount === undefined || remote.pay_success_amount === null) return null;
    const fen = fenFromWire(remote.pay_success_amount);
    if (fen !== undefined) return fen;
    this.options.log.warn({ outTradeNo: remote.out_trade_no, paySuccessAmount: wireValue(remote.pay_success_amount) }, 'pay_success_amount is not an amount in fen; not stored');
    return null;
  }

  /** Publishes a change committed inside a caller's transaction. */
  published(order: DeductOrderRecord): void {
    this.options.events.deductOrderChanged(order);
  }

  /**
   * Live updates of one order (by out_trade_no) or of every order of a contract. Listens first,
   * then reads the current state, so nothing between the two is missed; events at or below a
   * version already sent are dropped. A contract the viewer may not see is NOT_FOUND, as a missing
   * one; an order id, which may name an order yet to be created, never is.
   */
  async watch(filter: { outTradeNo?: string; contractId?: string }, viewer: Viewer): Promise<AsyncIterableIterator<DeductOrderRecord>> {
    const { pubsub } = this.options.events;
    if (filter.contractId && !filter.outTradeNo) {
      // Checked at subscribe time: a stranger's contract looks like no contract at all.
      const contract = await this.options.store.contracts.getByContractId(filter.contractId);
      if (!contract || !canSee(viewer, contract.openid)) {
        throw new ServiceError('NOT_FOUND', `no repayment contract ${filter.contractId}`, 'contractId');
      }
    }
    const source = filter.outTradeNo
      ? pubsub.subscribe('DEDUCT_ORDER_UPDATED', filter.outTradeNo)
      : pubsub.subscribe('CONTRACT_DEDUCT_ORDER_UPDATED', filter.contractId!);
    await pubsub.listening(filter.outTradeNo ? 'DEDUCT_ORDER_UPDATED' : 'CONTRACT_DEDUCT_ORDER_UPDATED', filter.outTradeNo ?? filter.contractId!);
    // Versions sent per order: one order for an outTradeNo watch, every order of the contract otherwise.
    let sentVersions: Map<string, number> | undefined;
    const initial: DeductOrderRecord[] = [];
    if (filter.outTradeNo) {
      const stored = await this.get(filter.outTradeNo).catch(async (error) => {
        await source.return();
        throw error;
      });
      // A stranger's order is treated as no order at all: the subscription stays open and silent,
      // as for an order not created yet, so ids cannot be probed (the filter below drops its events).
      const current = stored && canSee(viewer, stored.openid) ? stored : undefined;
      if (current && current.state !== 'SUBMITTING' && (!filter.contractId || current.contractId === filter.contractId)) {
        initial.push(current);
        (sentVersions = new Map()).set(current.outTradeNo, current.version);
      }
    }
    const contractId = filter.contractId;
    return source.start(initial, (order) => {
      // Events are filtered by the same rule as reads (an order created later may belong to anyone).
      if (!canSee(viewer, order.openid)) return false;
      if (contractId && order.contractId !== contractId) return false;
      if ((sentVersions?.get(order.outTradeNo) ?? 0) >= order.version) return false;
      (sentVersions ??= new Map()).set(order.outTradeNo, order.version);
      return true;
    });
  }

  private async transition(outTradeNo: string, to: DeductOrderState, patch: DeductOrderPatch) {
    const changed = await this.options.store.deductOrders.transition(outTradeNo, deductOrderPredecessors(to), to, patch);
    if (changed) this.options.events.deductOrderChanged(changed);
    return changed;
  }

  /** Same out_trade_no again: the same request returns the stored order; a different one is a conflict. */
  private replay(existing: DeductOrderRecord, input: InitiateRepaymentInput): DeductOrderRecord {
    const same =
      existing.contractId === input.contractId &&
      existing.outRecordId === input.outRecordId &&
      existing.deductAmount === input.deductAmount &&
      existing.description === input.description &&
      existing.attach === input.attach;
    if (!same) {
      throw new ServiceError(
        'CONFLICT',
        `outTradeNo ${input.outTradeNo} was already used for a different repayment`,
        'outTradeNo',
      );
    }
    return existing;
  }
}

export function describe(error: unknown): string {
  if (isWechatpayError(error)) return `${error.type} ${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

