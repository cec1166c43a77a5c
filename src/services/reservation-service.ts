import { reservationDateWindow } from '../domain/beijing-date.js';
import { formatFen } from '../domain/money.js';
import { checkReservation, type ReservationInput } from '../domain/reservation-rules.js';
import type { TemplateKind } from '../domain/template-kind.js';
import { canSee, type Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { ReservationRecord, Store } from '../store/store.js';
import { isWechatpayError, type WechatpayClient } from '../wechatpay/index.js';
import { describe } from './deduct-order-service.js';
import { isNotNowRefusal } from './refusals.js';
import { ServiceError } from './service-error.js';

/** WeChat Pay's reservation fields (checked by the domain rules) for one contract. */
export type ScheduleRepaymentInput = ReservationInput & { contractId: string };

export interface ReservationServiceOptions {
  store: Store;
  wechatpay: WechatpayClient;
  templateKinds: ReadonlyMap<string, TemplateKind>;
  /** Upper bound of one WeChat Pay call: a SUBMITTING row older than this (plus a margin) was orphaned by a crash. */
  requestTimeoutMs: number;
  log: Logger;
  now?: () => Date;
}

/** 预约还款: a reservation must exist at WeChat Pay before a deduction. Intent before effect, as for orders. */
export class ReservationService {
  private readonly now: () => Date;

  constructor(private readonly options: ReservationServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get(outRecordId: string): Promise<ReservationRecord | undefined> {
    return this.options.store.reservations.get(outRecordId);
  }

  /**
   * Asks WeChat Pay for the reservation now (§3.6); settles one whose outcome was unknown, or that
   * a crash left SUBMITTING (taken over first, see `takeOverOrphan`). A young SUBMITTING one is
   * only queried, never sent: its first create may still be in flight.
   */
  async refresh(outRecordId: string, contractId: string): Promise<ReservationRecord> {
    const stored = await this.options.store.reservations.get(outRecordId);
    if (!stored || stored.contractId !== contractId) {
      throw new ServiceError('NOT_FOUND', `no reservation ${outRecordId} for contract ${contractId}`, 'outRecordId');
    }
    const local = (await this.takeOverOrphan(stored)) ?? stored;
    try {
      await this.options.wechatpay.scheduleRecords.get(outRecordId, contractId);
    } catch (error) {
      if (isWechatpayError(error) && error.status === 404 && local.state === 'SCHEDULED') {
        throw new ServiceError('CONFLICT', `WeChat Pay does not know reservation ${outRecordId}`, 'outRecordId');
      }
      if (isWechatpayError(error) && error.status === 404) return this.submitAgain(local);
      throw error;
    }
    return this.scheduled(outRecordId);
  }

  async schedule(input: ScheduleRepaymentInput, viewer: Viewer): Promise<ReservationRecord> {
    const { store } = this.options;
    // The caller's own contract first, as for orders (see DeductOrderService.initiate).
    const contract = await store.contracts.getByContractId(input.contractId);
    if (!contract || !canSee(viewer, contract.openid)) {
      throw new ServiceError('NOT_FOUND', `no repayment contract ${input.contractId}`, 'contractId');
    }
    const existing = await store.reservations.get(input.outRecordId);
    if (existing) {
      if (!canSee(viewer, existing.openid)) throw new ServiceError('CONFLICT', `outRecordId ${input.outRecordId} is already used`, 'outRecordId');
      return this.replay(existing, input);
    }

    checkReservation(input, {
      contract,
      templateKind: this.options.templateKinds.get(contract.planId),
      now: this.now(),
    });
    // An EFFECTIVE contract learnt from a query may still lack its user: the query may leave out
    // openid and appid (§3.3); the signing callback carries them. A reservation needs both.
    const { appid, openid } = contract;
    if (appid === null || openid === null) {
      throw new ServiceError(
        'CONFLICT',
        `WeChat Pay has not yet told us the user of contract ${input.contractId} (its openid and appid come with the signing callback); send this again once it has`,
        'contractId',
      );
    }
    // The poller's first look, if nothing settled it by then: once the row counts as orphaned, and
    // one more request timeout, for a create that starts late (the store slow to answer).
    const firstLook = new Date(this.now().getTime() + this.orphanAgeMs() + this.options.requestTimeoutMs).toISOString();
    const inserted = await store.reservations.insertIntent({ ...input, appid, openid, requestedBy: viewer.subject }, firstLook);
    const intent = await this.current(input.outRecordId);
    if (!inserted) return this.replay(intent, input);
    return this.submit(intent, 'first');
  }

  /**
   * Sends the reservation: the first time, or again after a query found nothing. A definitive
   * refusal of the first attempt removes the intent and reaches the caller, unless another caller
   * took the reservation up meanwhile (see `firstRefused`). A resubmission leaves it in doubt
   * whatever happens short of success (see `resubmissionFailed`): it is never deleted, since
   * WeChat Pay may hold the first one.
   */
  private async submit(intent: ReservationRecord, attempt: 'first' | 'again'): Promise<ReservationRecord> {
    const { store, wechatpay, log } = this.options;
    try {
      await wechatpay.scheduleRecords.batchCreate({
        contract_id: intent.contractId,
        appid: intent.appid,
        openid: intent.openid,
        schedule_items: [
          {
            out_record_id: intent.outRecordId,
            sub_mchid: intent.subMchid,
            ...(intent.subAppid ? { sub_appid: intent.subAppid } : {}),
            repayment_amount: formatFen(intent.repaymentAmount),
            ...(intent.minRepaymentAmount === null ? {} : { min_repayment_amount: formatFen(intent.minRepaymentAmount) }),
            repayment_date: intent.repaymentDate,
          },
        ],
      });
      return this.scheduled(intent.outRecordId);
    } catch (error) {
      if (attempt === 'again') return this.resubmissionFailed(intent, error);
      if (isWechatpayError(error) && !error.outcomeUnknown) return this.firstRefused(intent, error);
      log.warn({ outRecordId: intent.outRecordId, err: describe(error) }, 'reservation outcome unknown; asking WeChat Pay');
      // Only the row as this send left it: if another instance (its clock ahead) took it over and
      // sends it again meanwhile, that send is its own to settle, not put back in doubt here. A
      // row someone else left UNKNOWN (no send in flight) is settled as before.
      if (await store.reservations.toUnknownIfUnchanged(intent.outRecordId, intent.updatedAt)) return this.resolveUnknown(intent);
      const now = await this.current(intent.outRecordId);
      return now.state === 'UNKNOWN' ? this.resolveUnknown(now) : now;
    }
  }

  /**
   * WeChat Pay definitively refused the first create: nothing happened there for that request, so
   * the intent is removed and the caller gets the refusal, while the row is still SUBMITTING and
   * was never claimed for resubmission. The time margin of `orphaned` is not enough to know that
   * (another instance's clock may be ahead, or the insert itself slow): a replay on such an
   * instance may have taken it over (UNKNOWN) and sent it again (`claimResubmission` sets
   * `resubmittedAt`), and WeChat Pay may hold that reservation (this refusal may even be its answer
   * to a duplicate). Such a row stays, in doubt, and is only queried from then on: it is claimed
   * here if nobody has yet (so nobody sends it again) and its refusal recorded.
   */
  private async firstRefused(intent: ReservationRecord, error: unknown): Promise<ReservationRecord> {
    const { store, log } = this.options;
    const { outRecordId } = intent;
    if (await store.reservations.deleteIntent(outRecordId, ['SUBMITTING'], { neverResubmitted: true })) throw error;
    const current = await store.reservations.get(outRecordId);
    if (!current) throw error;
    if (current.state === 'SCHEDULED') return current;
    log.warn({ outRecordId, state: current.state, err: describe(error) }, 'first reservation create refused after it was taken up again; kept in doubt, only queried');
    if (current.state === 'UNKNOWN') await store.reservations.claimResubmission(outRecordId);
    return (await store.reservations.refuseResubmission(outRecordId, this.now().toISOString())) ?? (await this.current(outRecordId));
  }

  /** Settles a reservation in doubt with the query endpoint; still in doubt → returned as UNKNOWN. */
  private async resolveUnknown(intent: ReservationRecord): Promise<ReservationRecord> {
    const { store, wechatpay } = this.options;
    try {
      await wechatpay.scheduleRecords.get(intent.outRecordId, intent.contractId);
      return this.scheduled(intent.outRecordId);
    } catch (error) {
      if (isWechatpayError(error) && error.status === 404) {
        // It never reached WeChat Pay: send it once more with the same out_record_id.
        return this.submitAgain(intent);
      }
      return this.current(intent.outRecordId);
    }
  }

  /**
   * Sends it once more, unless another caller is already doing so, a resubmission was refused
   * before, or its repayment date is no longer one WeChat Pay takes (`tooLateToSend`); then it
   * stays UNKNOWN: only a query settles it.
   */
  private async submitAgain(intent: ReservationRecord): Promise<ReservationRecord> {
    const { store } = this.options;
    if (this.tooLateToSend(intent)) return this.current(intent.outRecordId);
    const claimed = await store.reservations.claimResubmission(intent.outRecordId);
    if (!claimed) return this.current(intent.outRecordId);
    return this.submit(claimed, 'again');
  }

  /**
   * A resubmission without success stays UNKNOWN and is returned as such. A "not now" refusal
   * (rate limit, our signature) or an unknown outcome may be sent again on a later request. Any
   * other refusal is recorded, and the reservation is only queried from then on: UNCONFIRMED (§6.7,
   * replays of an id) whether WeChat Pay refuses an out_record_id it already holds, and the first
   * create, whose outcome we never learnt, may have reached it; the safe reading keeps the row.
   */
  private async resubmissionFailed(intent: ReservationRecord, error: unknown): Promise<ReservationRecord> {
    const { store, log } = this.options;
    const { outRecordId } = intent;
    if (isWechatpayError(error) && !error.outcomeUnknown && !isNotNowRefusal(error)) {
      log.warn({ outRecordId, err: describe(error) }, 'reservation resubmission refused; it is only queried from now on');
      await store.reservations.refuseResubmission(outRecordId, this.now().toISOString());
    } else {
      log.warn({ outRecordId, err: describe(error) }, 'reservation resubmission not answered; still unknown');
      await store.reservations.toUnknownIfUnchanged(outRecordId, intent.updatedAt); // as in `submit`
    }
    return this.current(outRecordId);
  }

  /**
   * WeChat Pay holds the reservation: SCHEDULED, with the row as it is now (someone else may
   * have settled it meanwhile, and then nothing moves here).
   */
  private async scheduled(outRecordId: string): Promise<ReservationRecord> {
    return (await this.options.store.reservations.transition(outRecordId, ['SUBMITTING', 'UNKNOWN'], 'SCHEDULED')) ?? this.current(outRecordId);
  }

  /** The reservation as stored now; one that is gone (refused and removed meanwhile) is logged and NOT_FOUND, not a TypeError. */
  private async current(outRecordId: string): Promise<ReservationRecord> {
    const reservation = await this.options.store.reservations.get(outRecordId);
    if (reservation) return reservation;
    this.options.log.error({ outRecordId }, 'reservation no longer stored');
    throw new ServiceError('NOT_FOUND', `reservation ${outRecordId} is no longer stored`, 'outRecordId');
  }

  private async replay(existing: ReservationRecord, input: ScheduleRepaymentInput): Promise<ReservationRecord> {
    const same =
      existing.contractId === input.contractId &&
      existing.subMchid === input.subMchid &&
      existing.subAppid === input.subAppid &&
      existing.repaymentAmount === input.repaymentAmount &&
      existing.minRepaymentAmount === input.minRepaymentAmount &&
      existing.repaymentDate === input.repaymentDate;
    if (!same) {
      throw new ServiceError('CONFLICT', `outRecordId ${input.outRecordId} was already used for a different reservation`, 'outRecordId');
    }
    const current = (await this.takeOverOrphan(existing)) ?? existing;
    return current.state === 'UNKNOWN' ? this.resolveUnknown(current) : current;
  }

  /**
   * A SUBMITTING reservation older than any create call can run was orphaned by a crash before its
   * answer was stored: it becomes UNKNOWN, to be settled like any doubt (queried, and sent again
   * if WeChat Pay does not know it). Null when it is not such a row, or when it changed since it
   * was read (another caller took it over, and may be sending it again right now).
   */
  private async takeOverOrphan(reservation: ReservationRecord): Promise<ReservationRecord | null> {
    if (reservation.state !== 'SUBMITTING' || !this.orphaned(reservation)) return null;
    return this.options.store.reservations.toUnknownIfUnchanged(reservation.outRecordId, reservation.updatedAt);
  }

  private orphaned(reservation: ReservationRecord): boolean {
    return this.now().getTime() - Date.parse(reservation.updatedAt) > this.orphanAgeMs();
  }

  /** Longer than any create call can run, with a margin for the store around it. */
  private orphanAgeMs(): number {
    return this.options.requestTimeoutMs + 5_000;
  }

  /**
   * Whether a reservation's repayment date is before the first one WeChat Pay takes today (D+1,
   * §3.5). UNCONFIRMED whether it checks a resubmitted out_record_id's date as it does a new one's:
   * the safe reading does not send what its rule refuses; WeChat Pay may still hold the first send.
   */
  tooLateToSend(reservation: Pick<ReservationRecord, 'repaymentDate'>): boolean {
    return reservation.repaymentDate < reservationDateWindow(this.now()).first;
  }
}
