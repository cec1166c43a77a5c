import type { KeyObject } from 'node:crypto';
import { checkPresign, type PresignInput } from '../domain/presign-rules.js';
import { fenFromWire, formatFen } from '../domain/money.js';
import { checkOutContractCode } from '../domain/identifiers.js';
import { contractStateFromWire } from '../domain/states.js';
import { checkText } from '../domain/text.js';
import { canSee, type Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { ContractFilter, ContractRecord, ContractSnapshot, PageRequest, Store } from '../store/store.js';
import {
  encryptOaepSha1,
  isWechatpayError,
  WechatpayServerError,
  type AppPresignRequest,
  type ContractNotificationResource,
  type ContractQueryResponse,
  type WechatpayClient,
  type WechatpayError,
  type WechatpayVerifier,
} from '../wechatpay/index.js';
import type { RepaymentEvents } from './repayment-events.js';
import { ServiceError } from './service-error.js';
import { loggedWireValue } from '../wire-value.js';

export interface PresignResult {
  contract: ContractRecord;
  presignToken: string | null;
  redirectUrl: string | null;
}

export interface ContractServiceOptions {
  store: Store;
  events: RepaymentEvents;
  wechatpay: WechatpayClient;
  /** Supplies the key real-name fields are encrypted with (its public key or newest platform certificate). */
  verifier: WechatpayVerifier;
  /** Where WeChat Pay sends SIGN_CONTRACT and DEDUCTION_PAY: ours, never a client's. */
  notifyUrl: () => string;
  /** The service provider's AppID used when a presign does not name one. */
  defaultAppid?: string;
  log: Logger;
}

export type PresignRequest = Omit<PresignInput, 'appid'> & {
  appid: string | null;
  realIdentity: { identityType: 'ID_CARD'; identityId: string; realName: string } | null;
};

/**
 * 还款协议: presign (APP / H5), termination, refresh by query, and WeChat Pay's contract callbacks.
 * A contract is stored PENDING when presigned and becomes EFFECTIVE when SIGN_CONTRACT arrives.
 */
export class ContractService {
  constructor(private readonly options: ContractServiceOptions) {}

  getByContractId(contractId: string): Promise<ContractRecord | undefined> {
    return this.options.store.contracts.getByContractId(contractId);
  }

  get(outContractCode: string): Promise<ContractRecord | undefined> {
    return this.options.store.contracts.get(outContractCode);
  }

  list(filter: ContractFilter, page: PageRequest): Promise<ContractRecord[]> {
    return this.options.store.contracts.list(filter, page);
  }

  async presign(request: PresignRequest): Promise<PresignResult> {
    const { store, wechatpay, log } = this.options;
    const appid = request.appid ?? this.options.defaultAppid;
    if (!appid) throw new ServiceError('BAD_USER_INPUT', 'appid is required (no default AppID is configured)', 'appid');
    const { displayName } = checkPresign({ ...request, appid });
    // ONE key for the encrypted fields and the Wechatpay-Serial header: asked again, the verifier
    // may answer with a rotated-in certificate that WeChat Pay would not decrypt these fields with.
    // Taken, and the fields encrypted, before the insert: a failure (e.g. no valid platform
    // certificate) leaves no row.
    const key = this.options.verifier.encryptionKey();
    const body = this.presignBody(request, appid, displayName, key.publicKey);
    // An out_contract_code is single-use forever (§3.2), whatever became of its first use.
    const inserted = await store.contracts.insertPresigned({
      outContractCode: request.outContractCode,
      planId: request.planId,
      appid,
      displayName,
      repaymentAmountLimit: request.repaymentAmountLimit,
      repaymentDay: request.repaymentDay,
    });
    if (!inserted) {
      throw new ServiceError('CONFLICT', `outContractCode ${request.outContractCode} was already used; a code can be used once only`, 'outContractCode');
    }
    try {
      let presignToken: string | null = null;
      let redirectUrl: string | null = null;
      if (request.flow === 'APP') {
        presignToken = (await wechatpay.contracts.appPresign(body, key.serial)).presign_token;
      } else {
        const h5 = { ...body, ...(request.jumpAppid ? { jump_info: { jump_appid: request.jumpAppid } } : {}) };
        redirectUrl = (await wechatpay.contracts.h5Presign(h5, key.serial)).redirect_url;
      }
      const contract = (await store.contracts.get(request.outContractCode))!;
      this.published(contract);
      return { contract, presignToken, redirectUrl };
    } catch (error) {
      if (isWechatpayError(error) && !error.outcomeUnknown) {
        await store.contracts.deletePresigned(request.outContractCode);
      } else {
        // The presign may have reached WeChat Pay, so the code stays used (kept PENDING).
        log.warn({ outContractCode: request.outContractCode }, 'presign outcome unknown; the code stays reserved');
      }
      throw error;
    }
  }

  async terminate(outContractCode: string, remark: string): Promise<ContractRecord> {
    checkOutContractCode(outContractCode);
    checkText(remark, 'remark', { maxLength: 128, required: true });
    const contract = await this.options.store.contracts.get(outContractCode);
    if (!contract) throw new ServiceError('NOT_FOUND', `no repayment contract ${outContractCode}`, 'outContractCode');
    if (contract.state !== 'EFFECTIVE') {
      throw new ServiceError('BAD_USER_INPUT', `contract ${outContractCode} is ${contract.state}; only an EFFECTIVE contract can be terminated`, 'outContractCode');
    }
    let failure: WechatpayError | undefined;
    try {
      const answer = await this.options.wechatpay.contracts.terminate({
        out_contract_code: outContractCode,
        contract_termination_remark: remark,
      });
      if (answer?.contract_info) {
        const stored = (await this.applyRemote(answer.contract_info)) ?? (await this.get(outContractCode))!;
        if (stored.state === 'TERMINATED') return stored;
        // A 200 whose contract is not terminated: asked again below, and never reported as done.
      }
    } catch (error) {
      if (!isWechatpayError(error)) throw error;
      failure = error;
    }
    // Ask WeChat Pay after a 204 (UNCONFIRMED which one it answers), an unknown outcome, and a
    // refusal too: the contract may be terminated already (by the user, whose callback is late or
    // lost, or by a concurrent request), and terminating it twice is then no failure.
    let current: ContractRecord;
    try {
      current = await this.refresh(outContractCode);
    } catch (error) {
      throw failure ?? error;
    }
    if (current.state === 'TERMINATED') return current;
    // Still EFFECTIVE: the terminate failed, or its outcome is unknown; never reported as done.
    throw (
      failure ??
      new WechatpayServerError({
        message: `WeChat Pay accepted the termination of ${outContractCode} but still reports it ${current.state}: refresh it later`,
        code: 'TERMINATION_NOT_VISIBLE',
        outcomeUnknown: true,
      })
    );
  }

  /** Reads the contract from WeChat Pay (§3.3) and stores what changed. */
  async refresh(outContractCode: string): Promise<ContractRecord> {
    checkOutContractCode(outContractCode);
    const local = await this.options.store.contracts.get(outContractCode);
    try {
      const remote = await this.options.wechatpay.contracts.get(outContractCode);
      return (await this.applyRemote(remote)) ?? (await this.get(outContractCode))!;
    } catch (error) {
      // Not signed yet: WeChat Pay has no contract for a code that is only presigned.
      if (isWechatpayError(error) && error.status === 404) {
        if (local) return local;
        throw new ServiceError('NOT_FOUND', `no repayment contract ${outContractCode}`, 'outContractCode');
      }
      throw error;
    }
  }

  /** Stores WeChat Pay's view from a callback; returns the changed row (to publish after commit) or null. */
  applyNotification(resource: ContractNotificationResource, store: Store = this.options.store): Promise<ContractRecord | null> {
    return store.contracts.applySnapshot(snapshotOf(resource));
  }

  published(contract: ContractRecord): void {
    this.options.events.contractChanged(contract);
  }

  /**
   * Live updates of one contract (by out_contract_code or contract_id), starting with its current
   * state when it exists and the viewer may see it.
   */
  async watch(key: { outContractCode?: string; contractId?: string }, viewer: Viewer): Promise<AsyncIterableIterator<ContractRecord>> {
    const { pubsub } = this.options.events;
    const source = key.outContractCode
      ? pubsub.subscribe('REPAYMENT_CONTRACT_UPDATED', key.outContractCode)
      : pubsub.subscribe('REPAYMENT_CONTRACT_UPDATED_BY_ID', key.contractId!);
    let stored: ContractRecord | undefined;
    try {
      await (key.outContractCode
        ? pubsub.listening('REPAYMENT_CONTRACT_UPDATED', key.outContractCode)
        : pubsub.listening('REPAYMENT_CONTRACT_UPDATED_BY_ID', key.contractId!));
      stored = key.outContractCode ? await this.get(key.outContractCode) : await this.getByContractId(key.contractId!);
    } catch (error) {
      await source.return();
      throw error;
    }
    // A contract the viewer may not see is treated as no contract at all: the subscription stays
    // open and silent, as for one not presigned or signed yet, so ids cannot be probed (the filter
    // below drops its events).
    const current = stored && canSee(viewer, stored.openid) ? stored : undefined;
    let sent = current?.version ?? 0;
    return source.start(current ? [current] : [], (contract) => {
      if (!canSee(viewer, contract.openid)) return false;
      if (contract.version <= sent) return false;
      sent = contract.version;
      return true;
    });
  }

  private async applyRemote(remote: ContractQueryResponse): Promise<ContractRecord | null> {
    const changed = await this.options.store.contracts.applySnapshot(snapshotOf(remote));
    if (changed) this.published(changed);
    return changed;
  }

  private presignBody(request: PresignRequest, appid: string, displayName: string, publicKey: KeyObject): AppPresignRequest {
    const { notifyUrl } = this.options;
    const encrypt = (plaintext: string) => encryptOaepSha1(plaintext, publicKey);
    return {
      appid,
      plan_id: request.planId,
      out_contract_code: request.outContractCode,
      display_name: displayName,
      contract_notify_url: notifyUrl(),
      repayment_amount_limit: formatFen(request.repaymentAmountLimit),
      ...(request.repaymentDay === null ? {} : { repayment_day: request.repaymentDay }),
      // UNCONFIRMED: the 2025-09 APP page names this sub_merchant_code; newer sources say sub_mchid.
      ...(request.subMchid === null ? {} : { sub_mchid: request.subMchid }),
      ...(request.subAppid === null ? {} : { sub_appid: request.subAppid }),
      // Real-name data exists only encrypted for WeChat Pay: never stored, never logged.
      ...(request.realIdentity === null
        ? {}
        : {
            real_identity: {
              identity_type: 'REAL_IDENTITY_TYPE_ID_CARD' as const,
              identity_id: encrypt(request.realIdentity.identityId),
              real_name: encrypt(request.realIdentity.realName),
            },
          }),
      // No trade_info (sign-and-repay): what WeChat Pay does with it is UNCONFIRMED, and a payment
      // it started would have no order, reservation or poller here. Repayments go through
      // scheduleRepayment and initiateRepayment once the contract is signed.
    };
  }
}

/** A contract as WeChat Pay reports it, from a callback (§5.3) or a query (§3.3). */
function snapshotOf(remote: ContractNotificationResource | ContractQueryResponse): ContractSnapshot {
  // A string in callbacks, an integer in query answers (UNCONFIRMED): either way digits that fit
  // in a safe integer, never rounded through a float (a callback with another value answers 500).
  const limit = fenFromWire(remote.repayment_amount_limit);
  if (limit === undefined) throw new Error(`repayment_amount_limit is not an amount in fen: ${loggedWireValue(remote.repayment_amount_limit)}`);
  // A query may still name it contract_termination_mode (IM's name until 2026-01-31, UNCONFIRMED
  // which one the live API sends): the newer name wins when both are present.
  const terminationMode =
    remote.contract_terminated_mode ?? ('contract_termination_mode' in remote ? remote.contract_termination_mode : undefined);
  return {
    outContractCode: remote.out_contract_code,
    contractId: remote.contract_id,
    // A number in callbacks and a string elsewhere (UNCONFIRMED): stored as a string.
    planId: String(remote.plan_id),
    appid: remote.appid ?? null,
    openid: remote.openid ?? null,
    displayName: remote.display_name,
    state: contractStateFromWire(remote.contract_state),
    repaymentAmountLimit: limit,
    repaymentDay: remote.repayment_day ?? null,
    signedAt: toIsoInstant(remote.contract_signed_time),
    terminatedAt: toIsoInstant(remote.contract_terminated_time),
    terminationMode:
      terminationMode && terminationMode !== 'TERMINATION_MODE_INVALID' ? terminationMode.replace('TERMINATION_MODE_', '') : null,
    terminationRemark: remote.contract_termination_remark ?? null,
  };
}

function toIsoInstant(rfc3339: string | undefined): string | null {
  if (!rfc3339) return null;
  const ms = Date.parse(rfc3339);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
