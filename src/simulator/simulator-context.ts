/**
 * What every route handler of the simulator works with: the sandbox identity, the in-memory state,
 * the simulated clock, the ways to send callbacks and settle orders, and the active fault rules.
 */
import type { NotificationEventType } from '../wechatpay/types.js';
import type { CallbackDispatcher } from './callback-dispatcher.js';
import type { DeductSettlement } from './deduct-settlement.js';
import type { FaultInjector } from './fault-injector.js';
import type { SandboxCredentials } from './sandbox-credentials.js';
import { buildNotificationEnvelope } from './signed-notification.js';
import type { SimulatorState } from './simulator-state.js';

export class SimulatorContext {
  constructor(
    readonly credentials: SandboxCredentials,
    readonly state: SimulatorState,
    readonly dispatcher: CallbackDispatcher,
    readonly settlement: DeductSettlement,
    readonly faults: FaultInjector,
    /** Business clock (dates, create times). Signature freshness uses the real clock instead. */
    readonly now: () => Date,
    readonly settings: {
      defaultContractNotifyUrl?: string;
      terminationNotifyUrl?: string;
      /** The simulator's own base URL, once listening (for H5 redirect URLs). */
      baseUrl: () => string;
    },
  ) {}

  /** Encrypts `resource` into an envelope and hands it to the dispatcher; no URL, no callback. */
  notify(url: string | undefined, eventType: NotificationEventType, resource: object): void {
    if (!url) return;
    const envelope = buildNotificationEnvelope({
      eventType,
      resource,
      apiV3Key: this.credentials.apiV3Key,
      createTime: this.now(),
    });
    this.dispatcher.deliver(url, envelope);
  }
}
