import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';

const STAFF: Viewer = { role: 'staff', subject: 'test' };
import { buildSignedNotification, type SignedNotification } from '../../src/simulator/signed-notification.js';
import type { DeductionPayNotificationResource } from '../../src/wechatpay/types.js';
import {
  DeductOrderUpdatedDocument,
  ReconcileUnmatchedNotificationDocument,
  UnmatchedNotificationsDocument,
  type DeductOrderUpdatedSubscription,
} from '../generated/graphql.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { bearer, userToken } from '../helpers/test-auth.js';
import { eventually } from '../helpers/eventually.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

/**
 * The callback route against hand-made callbacks: genuine ones (signed with the sandbox's WeChat
 * Pay key, encrypted with its APIv3 key) and each way of being wrong.
 */
describe('POST /wechatpay/notifications', () => {
  let stack: SandboxStack;
  let contractId: string;
  let openid: string;
  const outTradeNo = `N${Date.now()}`;

  before(async () => {
    stack = await startSandboxStack({ simulator: { settleDelayMs: null } });
    const contract = await stack.sandboxContract();
    contractId = contract.contract_id;
    openid = contract.openid;
    await eventually(async () => stack.store.contracts.getByContractId(contractId), 'the signed contract');
    await stack.app.services.reservations.schedule({
      contractId,
      outRecordId: `R${outTradeNo}`,
      subMchid: '1900000109',
      subAppid: null,
      repaymentAmount: 10_000,
      minRepaymentAmount: 1_000,
      repaymentDate: addDays(beijingDate(new Date()), 2),
    }, STAFF);
    const order = await stack.app.services.orders.initiate({
      contractId,
      outTradeNo,
      outRecordId: `R${outTradeNo}`,
      deductAmount: 10_000,
      description: 'repay',
      attach: null,
    }, STAFF);
    assert.equal(order.state, 'PENDING');
  });
  after(() => stack.close());

  function paid(overrides: Partial<DeductionPayNotificationResource> = {}): DeductionPayNotificationResource {
    return {
      sp_mchid: stack.simulator.credentials.mchid,
      sub_mchid: '1900000109',
      appid: stack.simulator.credentials.appid,
      openid,
      order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
      out_trade_no: outTradeNo,
      out_record_id: `R${outTradeNo}`,
      contract_id: contractId,
      deduct_amount: '10000',
      pay_success_amount: '10000',
      description: 'repay',
      transaction_id: '4200000000202611280000000001',
      ...overrides,
    };
  }

  function genuine(resource: object, options: { id?: string; timestamp?: number; signature?: string } = {}): SignedNotification {
    const { credentials } = stack.simulator;
    return buildSignedNotification({
      eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY',
      resource,
      apiV3Key: credentials.apiV3Key,
      wechatpayPrivateKey: credentials.wechatpayPrivateKeyPem,
      wechatpayPublicKeyId: credentials.wechatpayPublicKeyId,
      ...options,
    });
  }

  async function deliver(notification: SignedNotification): Promise<number> {
    const response = await fetch(stack.app.notificationUrl, {
      method: 'POST',
      headers: notification.headers,
      body: notification.body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  const state = async () => (await stack.store.deductOrders.get(outTradeNo))!.state;

  it('refuses a callback signed with another key (401) and changes nothing', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { credentials } = stack.simulator;
    const forged = buildSignedNotification({
      eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY',
      resource: paid(),
      apiV3Key: credentials.apiV3Key,
      wechatpayPrivateKey: stranger,
      wechatpayPublicKeyId: credentials.wechatpayPublicKeyId,
    });
    assert.equal(await deliver(forged), 401);
    assert.equal(await state(), 'PENDING');
  });

  it('refuses a stale timestamp, a probe signature and an unknown serial (401)', async () => {
    assert.equal(await deliver(genuine(paid(), { timestamp: Math.floor(Date.now() / 1000) - 301 })), 401);
    assert.equal(await deliver(genuine(paid(), { signature: 'WECHATPAY/SIGNTEST/abc' })), 401);
    const other = genuine(paid());
    assert.equal(await deliver({ ...other, headers: { ...other.headers, 'Wechatpay-Serial': 'PUB_KEY_ID_0000' } }), 401);
    assert.equal(await state(), 'PENDING');
  });

  it('refuses a correctly signed envelope whose resource does not decrypt (400)', async () => {
    const { credentials } = stack.simulator;
    const good = genuine(paid());
    const envelope = JSON.parse(good.body);
    const bytes = Buffer.from(envelope.resource.ciphertext, 'base64');
    bytes[0] ^= 1;
    envelope.resource.ciphertext = bytes.toString('base64');
    const tampered = (await import('../../src/simulator/signed-notification.js')).signNotificationBody(JSON.stringify(envelope), {
      privateKey: credentials.wechatpayPrivateKeyPem,
      publicKeyId: credentials.wechatpayPublicKeyId,
    });
    assert.equal(await deliver(tampered), 400);
    assert.equal(await state(), 'PENDING');
  });

  it('refuses a body over the size limit (413)', async () => {
    const response = await fetch(stack.app.notificationUrl, { method: 'POST', body: 'x'.repeat(70 * 1024) });
    assert.equal(response.status, 413);
  });

  it('applies a genuine DEDUCTION_PAY once, publishes once, and acknowledges repeats with 204', async () => {
    const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl).subscribe(DeductOrderUpdatedDocument, {
      outTradeNo,
    });
    const [current] = await subscriber.waitFor(1);
    assert.equal(current.data!.deductOrderUpdated.orderState, 'PENDING', 'a new subscriber starts with the current state');

    const notification = genuine(paid());
    assert.equal(await deliver(notification), 204);
    const [, success] = await subscriber.waitFor(2);
    assert.equal(success.data!.deductOrderUpdated.orderState, 'PAY_SUCCESS');
    assert.equal(success.data!.deductOrderUpdated.transactionId, '4200000000202611280000000001');

    const id = JSON.parse(notification.body).id as string;
    assert.equal((await stack.store.notifications.get(id))?.outcome, 'APPLIED');
    // The same notification again, and a new one carrying the same state: acknowledged, not applied.
    assert.equal(await deliver(genuine(paid(), { id })), 204);
    assert.equal(await deliver(genuine(paid())), 204);
    // A late PENDING cannot move a final order back.
    assert.equal(await deliver(genuine(paid({ order_state: 'DEDUCT_ORDER_STATE_PENDING' }))), 204);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(subscriber.results.length, 2, 'no further events were published');
    const order = (await stack.store.deductOrders.get(outTradeNo))!;
    assert.equal(order.state, 'PAY_SUCCESS');
    assert.equal(order.version, 3, 'SUBMITTING → PENDING → PAY_SUCCESS, nothing more');
    await subscriber.close();
  });

  it('stores a callback for an order it does not know, for reconciliation', async () => {
    const notification = genuine(paid({ out_trade_no: 'UNKNOWN123456' }));
    assert.equal(await deliver(notification), 204);
    const stored = await stack.store.notifications.get(JSON.parse(notification.body).id);
    assert.equal(stored?.outcome, 'UNMATCHED');
    assert.equal(stored?.subject, 'UNKNOWN123456');
    assert.doesNotMatch(stored!.envelope, /UNKNOWN123456/, 'the stored envelope is still encrypted');
  });

  it('lists what it could not apply to staff (unmatchedNotifications), with the order it contradicts; borrowers may not see it', async () => {
    // Our order is PAY_SUCCESS by now (above): a PAY_FAIL for it contradicts ours.
    const contradiction = genuine(paid({ order_state: 'DEDUCT_ORDER_STATE_PAY_FAIL', pay_success_amount: undefined, transaction_id: undefined }));
    assert.equal(await deliver(contradiction), 204);
    const result = await graphqlRequest(stack.graphqlUrl, UnmatchedNotificationsDocument, { first: 10 });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const listed = result.data!.unmatchedNotifications;
    assert.equal(listed[0]!.notificationId, JSON.parse(contradiction.body).id, 'newest first');
    assert.equal(listed[0]!.subject, outTradeNo);
    assert.equal(listed[0]!.deductOrder?.orderState, 'PAY_SUCCESS', 'with the order as we hold it');
    const unknown = listed.find((n) => n.subject === 'UNKNOWN123456');
    assert.ok(unknown, JSON.stringify(listed));
    assert.equal(unknown.deductOrder, null);
    assert.equal(unknown.eventType, 'CREDIT_REPAYMENT.DEDUCTION_PAY');
    const older = await graphqlRequest(stack.graphqlUrl, UnmatchedNotificationsDocument, { first: 10, after: listed[0]!.cursor });
    assert.deepEqual(older.data!.unmatchedNotifications.map((n) => n.notificationId), listed.slice(1).map((n) => n.notificationId), 'after pages back');
    const badCursor = await graphqlRequest(stack.graphqlUrl, UnmatchedNotificationsDocument, { after: 'not-a-cursor' });
    assert.equal(badCursor.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');

    const borrower = await graphqlRequest(stack.graphqlUrl, UnmatchedNotificationsDocument, {}, await bearer(userToken(openid)));
    assert.equal(borrower.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  });

  it('staff mark one reconciled, once, with a note: it leaves the list for the reconciled one', async () => {
    const notification = genuine(paid({ out_trade_no: 'RECONCILE123456' }));
    assert.equal(await deliver(notification), 204);
    const notificationId = JSON.parse(notification.body).id as string;
    const listedIds = async (reconciled: boolean) =>
      (await graphqlRequest(stack.graphqlUrl, UnmatchedNotificationsDocument, { first: 100, reconciled })).data!.unmatchedNotifications.map((n) => n.notificationId);
    assert.ok((await listedIds(false)).includes(notificationId));

    const note = '已人工退款 ticket 42 ✅🙂';
    const marked = await graphqlRequest(stack.graphqlUrl, ReconcileUnmatchedNotificationDocument, { notificationId, note });
    assert.equal(marked.errors, undefined, JSON.stringify(marked.errors));
    const entry = marked.data!.reconcileUnmatchedNotification;
    assert.equal(entry.notificationId, notificationId);
    assert.equal(entry.reconciliationNote, note);
    assert.equal(entry.reconciledBy, 'test-staff');
    assert.ok(Date.now() - Date.parse(entry.reconciledAt!) < 60_000);
    assert.ok(!(await listedIds(false)).includes(notificationId));
    assert.ok((await listedIds(true)).includes(notificationId));

    const again = await graphqlRequest(stack.graphqlUrl, ReconcileUnmatchedNotificationDocument, { notificationId, note: 'twice' });
    assert.deepEqual([again.errors?.[0]?.extensions?.code, again.errors?.[0]?.extensions?.field], ['CONFLICT', 'notificationId']);
    const stillOpen = (await stack.store.notifications.listUnmatched(1))[0];
    const unknown = await graphqlRequest(stack.graphqlUrl, ReconcileUnmatchedNotificationDocument, { notificationId: 'no-such-id', note });
    assert.equal(unknown.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    for (const bad of ['  ', 'line\nbreak', 'x'.repeat(501)]) {
      const refused = await graphqlRequest(stack.graphqlUrl, ReconcileUnmatchedNotificationDocument, { notificationId: stillOpen!.id, note: bad });
      assert.deepEqual([refused.errors?.[0]?.extensions?.code, refused.errors?.[0]?.extensions?.field], ['BAD_USER_INPUT', 'note'], bad);
    }
    assert.equal((await stack.store.notifications.get(stillOpen!.id))?.reconciledAt, null, 'a refused note marks nothing');
    const borrower = await graphqlRequest(stack.graphqlUrl, ReconcileUnmatchedNotificationDocument, { notificationId: stillOpen!.id, note }, await bearer(userToken(openid)));
    assert.equal(borrower.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal((await stack.store.notifications.get(stillOpen!.id))?.reconciledAt, null);
  });
});
