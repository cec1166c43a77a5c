import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { UNAUTHENTICATED_STAFF as STAFF } from '../../src/auth/viewer.js';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { buildSignedNotification, type SignedNotification } from '../../src/simulator/signed-notification.js';
import type { DeductOrderRecord } from '../../src/store/store.js';
import type { DeductionPayNotificationResource } from '../../src/wechatpay/types.js';
import { DeductOrderUpdatedDocument, type DeductOrderUpdatedSubscription } from '../generated/graphql.js';
import { startClusterStack, type ClusterInstance, type ClusterStack } from '../helpers/cluster-stack.js';
import { eventually } from '../helpers/eventually.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import type { SandboxContract } from '../helpers/sandbox-stack.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL;
const skip = !DATABASE_URL || !REDIS_URL ? 'TEST_DATABASE_URL and TEST_REDIS_URL are not both set' : false;

type Update = DeductOrderUpdatedSubscription['deductOrderUpdated'];
let sequence = 0;
const uniqueId = (prefix: string) => `${prefix}${Date.now()}${(++sequence).toString().padStart(3, '0')}`;

/**
 * Several instances as behind a load balancer: one PostgreSQL schema, one Redis, one WeChat Pay
 * (the simulator), each instance with its own connections and port. The simulator does not settle
 * orders by itself here: a test settles them (sandbox route) or hands a genuine callback to the
 * instance of its choice, so which instance learns of a payment, and how, is never left to chance.
 */
describe('several instances on one PostgreSQL and one Redis', { skip }, () => {
  let cluster: ClusterStack;
  let a: ClusterInstance;
  let b: ClusterInstance;
  let contract: SandboxContract;
  /** Counts what is actually published on Redis, per channel (a subscriber's version filter would hide a double publish). */
  let wire: Redis;
  let control: Redis;
  const published = new Map<string, number>();
  const subscribers: Subscriber<DeductOrderUpdatedSubscription>[] = [];

  before(async () => {
    cluster = await startClusterStack({ databaseUrl: DATABASE_URL!, redisUrl: REDIS_URL! });
    a = await cluster.startInstance('A');
    b = await cluster.startInstance('B');
    contract = await cluster.sandboxContract(a.app.notificationUrl);
    await eventually(async () => b.store.contracts.getByContractId(contract.contract_id), 'the SIGN_CONTRACT callback');
    wire = new Redis(REDIS_URL!);
    control = new Redis(REDIS_URL!);
    wire.on('pmessage', (_pattern, channel: string) => published.set(channel, (published.get(channel) ?? 0) + 1));
    await wire.psubscribe(`${cluster.channelPrefix}DEDUCT_ORDER_UPDATED:*`);
  });
  after(async () => {
    await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    wire?.disconnect();
    control?.disconnect();
    await cluster?.close();
  });

  function subscribe(instance: ClusterInstance, variables: { outTradeNo?: string; contractId?: string }) {
    const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(instance.wsUrl).subscribe(DeductOrderUpdatedDocument, variables);
    subscribers.push(subscriber);
    return subscriber;
  }
  /**
   * Waits until `count` instances listen on the order's channel at Redis. A graphql-ws subscription
   * answers with the current state before its SUBSCRIBE has reached Redis (see the report on
   * DeductOrderService.watch), so a test that publishes right away must wait for this.
   */
  async function listening(topic: string, id: string, count: number): Promise<void> {
    const channel = `${cluster.channelPrefix}${topic}:${id}`;
    await eventually(async () => {
      const [, subscribed] = (await control.pubsub('NUMSUB', channel)) as [string, number];
      return Number(subscribed) >= count ? true : undefined;
    }, `${count} SUBSCRIBE on ${channel}`);
  }
  const updates = (subscriber: Subscriber<DeductOrderUpdatedSubscription>): Update[] =>
    subscriber.results.map((result) => {
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data!.deductOrderUpdated;
    });

  /** A PENDING order initiated through `instance`, so its notify URL is that instance's. */
  async function pendingOrder(instance: ClusterInstance, on: SandboxContract = contract): Promise<DeductOrderRecord> {
    const outTradeNo = uniqueId('T');
    await instance.app.services.reservations.schedule({
      contractId: on.contract_id,
      outRecordId: `R${outTradeNo}`,
      subMchid: '1900000109',
      subAppid: null,
      repaymentAmount: 10_000,
      minRepaymentAmount: 1_000,
      repaymentDate: addDays(beijingDate(new Date()), 2),
    }, STAFF);
    const order = await instance.app.services.orders.initiate({
      contractId: on.contract_id,
      outTradeNo,
      outRecordId: `R${outTradeNo}`,
      deductAmount: 10_000,
      description: 'repay',
      attach: null,
    }, STAFF);
    assert.equal(order.state, 'PENDING');
    return order;
  }

  /** A genuine DEDUCTION_PAY callback, signed and encrypted with the sandbox's WeChat Pay keys. */
  function paid(order: DeductOrderRecord, transactionId: string, on: SandboxContract = contract): SignedNotification {
    const { credentials } = cluster.simulator;
    const resource: DeductionPayNotificationResource = {
      sp_mchid: credentials.mchid,
      sub_mchid: '1900000109',
      appid: credentials.appid,
      openid: on.openid,
      order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
      out_trade_no: order.outTradeNo,
      out_record_id: order.outRecordId,
      contract_id: order.contractId,
      deduct_amount: '10000',
      pay_success_amount: '10000',
      description: 'repay',
      transaction_id: transactionId,
    };
    return buildSignedNotification({
      eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY',
      resource,
      apiV3Key: credentials.apiV3Key,
      wechatpayPrivateKey: credentials.wechatpayPrivateKeyPem,
      wechatpayPublicKeyId: credentials.wechatpayPublicKeyId,
    });
  }

  async function deliver(instance: ClusterInstance, notification: SignedNotification): Promise<number> {
    const response = await fetch(instance.app.notificationUrl, { method: 'POST', headers: notification.headers, body: notification.body });
    await response.arrayBuffer();
    return response.status;
  }

  /** WeChat Pay settles the order now (and sends DEDUCTION_PAY to the order's notify URL). */
  async function settle(outTradeNo: string): Promise<void> {
    const response = await fetch(`${cluster.simulator.url}/sandbox/deduct-orders/${outTradeNo}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS' }),
    });
    assert.equal(response.status, 200, await response.text());
  }

  const transactionId = () => `4200000000${Date.now()}${randomBytes(2).readUInt16BE() % 10_000}`.padEnd(28, '0').slice(0, 28);

  it('a subscriber on A receives PAY_SUCCESS for a callback delivered to B', async () => {
    const order = await pendingOrder(a);
    const subscriber = subscribe(a, { outTradeNo: order.outTradeNo });
    await subscriber.waitFor(1);
    assert.equal(updates(subscriber)[0].orderState, 'PENDING', 'the current state first');
    await listening('DEDUCT_ORDER_UPDATED', order.outTradeNo, 1);

    // The simulator still says PENDING, so no poller can produce PAY_SUCCESS: only the callback to B can.
    const txn = transactionId();
    assert.equal(await deliver(b, paid(order, txn)), 204);
    await subscriber.waitFor(2);
    const success = updates(subscriber)[1];
    assert.equal(success.orderState, 'PAY_SUCCESS');
    assert.equal(success.transactionId, txn);
    assert.equal(success.paySuccessAmount, '10000');
    assert.equal(success.version, order.version + 1);
    assert.equal(success.contract?.openid, contract.openid, 'nested fields resolve on A from A\'s store');
  });

  it('the same callback fired at A and B at once applies exactly once, publishes once (20 rounds)', async () => {
    for (let round = 0; round < 20; round += 1) {
      const order = await pendingOrder(round % 2 ? a : b);
      const channel = `${cluster.channelPrefix}DEDUCT_ORDER_UPDATED:${order.outTradeNo}`;
      const onA = subscribe(a, { outTradeNo: order.outTradeNo });
      const onB = subscribe(b, { outTradeNo: order.outTradeNo });
      await Promise.all([onA.waitFor(1), onB.waitFor(1)]);
      await listening('DEDUCT_ORDER_UPDATED', order.outTradeNo, 2);
      const before = published.get(channel) ?? 0;

      const notification = paid(order, transactionId());
      const statuses = await Promise.all([deliver(a, notification), deliver(b, notification)]);
      assert.deepEqual(statuses, [204, 204], `round ${round}: both acknowledged`);

      await Promise.all([onA.waitFor(2), onB.waitFor(2)]);
      await eventually(async () => ((published.get(channel) ?? 0) > before ? true : undefined), 'the event on the wire');
      await sleep(100); // a second publish or event would have arrived by now
      assert.equal((published.get(channel) ?? 0) - before, 1, `round ${round}: one event on Redis`);
      for (const subscriber of [onA, onB]) {
        assert.deepEqual(updates(subscriber).map((update) => update.orderState), ['PENDING', 'PAY_SUCCESS'], `round ${round}`);
      }
      const stored = (await a.store.deductOrders.get(order.outTradeNo))!;
      assert.equal(stored.state, 'PAY_SUCCESS');
      assert.equal(stored.version, order.version + 1, `round ${round}: one transition`);
      const record = await a.store.notifications.get(JSON.parse(notification.body).id);
      assert.equal(record?.outcome, 'APPLIED', `round ${round}: one notification record`);
      await Promise.all([onA.close(), onB.close()]);
    }
  });

  it('with three instances polling, an order is queried once per due time, not three times', async () => {
    const c = await cluster.startInstance('C');
    try {
      const orders = await Promise.all([a, b, c, a, b, c].map((instance) => pendingOrder(instance)));
      await sleep(3_300); // due at about +1 s, +2 s, +3 s; every instance looks every 100 ms
      // Let rounds in flight finish, so every query is also recorded in the store.
      await Promise.all([a, b, c].map((instance) => instance.app.poller.stop()));
      for (const order of orders) {
        const queries = cluster.simulatorLog.filter(({ line }) =>
          line.startsWith(`GET /v3/credit-repayment/partner/deduct-orders/${order.outTradeNo} `),
        );
        const stored = (await a.store.deductOrders.get(order.outTradeNo))!;
        assert.ok(queries.length >= 2 && queries.length <= 4, `${order.outTradeNo}: ${queries.length} queries`);
        assert.equal(stored.pollAttempts, queries.length, 'each query was its own claim');
        for (let i = 1; i < queries.length; i += 1) {
          const gap = queries[i].at - queries[i - 1].at;
          assert.ok(gap >= 800, `${order.outTradeNo}: queries ${gap} ms apart, expected one per due time`);
        }
      }
    } finally {
      a.app.poller.start();
      b.app.poller.start();
      await c.stop();
    }
  });

  it('stopping an instance mid-traffic loses nothing: its orders are resolved by the others', async () => {
    const c = await cluster.startInstance('C2');
    const onContract = subscribe(a, { contractId: contract.contract_id });
    await onContract.connected();
    await listening('CONTRACT_DEDUCT_ORDER_UPDATED', contract.contract_id, 1);
    const ofSurvivors = await Promise.all([a, b, a, b].map((instance) => pendingOrder(instance)));
    const ofC = await Promise.all([c, c, c, c].map((instance) => pendingOrder(instance)));
    // A client watching one of C's orders on C.
    const onC = subscribe(c, { outTradeNo: ofC[0].outTradeNo });
    await onC.waitFor(1);

    // Payments settle while C shuts down; then C's own orders settle, their callbacks go to C and fail.
    await Promise.all([c.stop(), ...ofSurvivors.map((order) => settle(order.outTradeNo))]);
    await Promise.all(ofC.map((order) => settle(order.outTradeNo)));

    // The client of C reconnects to A: the current state first, then whatever follows.
    await eventually(async () => (onC.completed || onC.error ? true : undefined), 'the subscription on C to end');
    const again = subscribe(a, { outTradeNo: ofC[0].outTradeNo });
    await again.waitFor(1);

    const all = [...ofSurvivors, ...ofC];
    await eventually(
      async () => {
        const stored = await Promise.all(all.map((order) => a.store.deductOrders.get(order.outTradeNo)));
        return stored.every((order) => order?.state === 'PAY_SUCCESS') ? true : undefined;
      },
      'every order to be PAY_SUCCESS',
      10_000,
    );
    for (const order of all) {
      const stored = (await a.store.deductOrders.get(order.outTradeNo))!;
      assert.equal(stored.version, order.version + 1, `${order.outTradeNo}: one transition`);
    }
    // C's callbacks were refused (C is gone) and resent by the simulator; the survivors' pollers got there.
    const failedToC = cluster.simulatorLog.filter(
      ({ line }) => line.includes(`-> ${c.app.notificationUrl}:`) && !line.includes(', delivered'),
    );
    assert.ok(failedToC.length >= ofC.length, `callbacks to the stopped instance failed: ${failedToC.length}`);

    // The subscriber on A saw every payment exactly once, whichever instance learnt of it.
    await eventually(
      async () => (updates(onContract).filter((update) => update.orderState === 'PAY_SUCCESS').length >= all.length ? true : undefined),
      'PAY_SUCCESS for every order on A',
    );
    const successes = updates(onContract).filter((update) => update.orderState === 'PAY_SUCCESS').map((update) => update.outTradeNo);
    assert.deepEqual(successes.sort(), all.map((order) => order.outTradeNo).sort());
    await eventually(
      async () => (updates(again).at(-1)?.orderState === 'PAY_SUCCESS' ? true : undefined),
      'the resubscribed client to see PAY_SUCCESS',
    );
  });

  describe('when one instance loses Redis', () => {
    let proxy: TcpProxy;
    let d: ClusterInstance;
    before(async () => {
      const redis = new URL(REDIS_URL!);
      proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
      d = await cluster.startInstance('D', { redisUrl: `redis://127.0.0.1:${proxy.port}` });
    });
    after(async () => {
      await d?.stop();
      await proxy?.close();
    });

    /** D's /readyz: always 200 here (Redis only degrades it), with its status. */
    const readyz = async () => {
      const response = await fetch(`${d.app.url}/readyz`);
      assert.equal(response.status, 200, 'losing Redis never takes the instance out of the load balancer');
      return ((await response.json()) as { status: string }).status;
    };

    it('stores the callback anyway, tells its own subscribers, says it is degraded but stays ready, serves current state on resubscribe, and recovers', async () => {
      assert.equal(await readyz(), 'ready');
      const order = await pendingOrder(d);
      const watching = subscribe(d, { outTradeNo: order.outTradeNo });
      await watching.waitFor(1);
      proxy.cut();
      await eventually(async () => ((await readyz()) === 'degraded' ? true : undefined), '/readyz to report degraded');

      assert.equal(await deliver(d, paid(order, transactionId())), 204, 'the callback is acknowledged');
      const stored = (await a.store.deductOrders.get(order.outTradeNo))!;
      assert.equal(stored.state, 'PAY_SUCCESS', 'and its change is stored');
      await watching.waitFor(2);
      assert.equal(updates(watching)[1].orderState, 'PAY_SUCCESS', "D's own subscriber gets the change without Redis");
      const resubscribed = subscribe(d, { outTradeNo: order.outTradeNo });
      await resubscribed.waitFor(1);
      assert.equal(updates(resubscribed)[0].orderState, 'PAY_SUCCESS', 'a (re)subscriber gets the current state');

      proxy.restore();
      await eventually(async () => ((await readyz()) === 'ready' ? true : undefined), '/readyz to recover', 5_000);
      // Events reach D's subscribers again: a callback to A, a subscriber on D.
      const next = await pendingOrder(d);
      const onD = subscribe(d, { outTradeNo: next.outTradeNo });
      await onD.waitFor(1);
      await listening('DEDUCT_ORDER_UPDATED', next.outTradeNo, 1);
      assert.equal(await deliver(a, paid(next, transactionId())), 204);
      await onD.waitFor(2);
      assert.equal(updates(onD)[1].orderState, 'PAY_SUCCESS');
    });

    it("misses nothing across the outage once Redis is back: what A stored reaches D's subscribers, what D stored reaches A's, without resubscribing", async () => {
      // A contract of this test's own, so its channel at Redis has D's subscriber only.
      const own = await cluster.sandboxContract(a.app.notificationUrl);
      await eventually(async () => d.store.contracts.getByContractId(own.contract_id), 'the SIGN_CONTRACT callback');
      const storedOnA = await pendingOrder(a, own);
      const storedOnD = await pendingOrder(a, own);
      const byOrderOnD = subscribe(d, { outTradeNo: storedOnA.outTradeNo });
      const byContractOnD = subscribe(d, { contractId: own.contract_id });
      const byOrderOnA = subscribe(a, { outTradeNo: storedOnD.outTradeNo });
      await Promise.all([byOrderOnD.waitFor(1), byOrderOnA.waitFor(1)]);
      await listening('DEDUCT_ORDER_UPDATED', storedOnA.outTradeNo, 1);
      await listening('CONTRACT_DEDUCT_ORDER_UPDATED', own.contract_id, 1);
      await listening('DEDUCT_ORDER_UPDATED', storedOnD.outTradeNo, 1);

      proxy.cut();
      await eventually(async () => ((await readyz()) === 'degraded' ? true : undefined), 'D to notice the outage');
      assert.equal(await deliver(a, paid(storedOnA, transactionId(), own)), 204);
      assert.equal(await deliver(d, paid(storedOnD, transactionId(), own)), 204);
      await sleep(300);
      assert.equal(byOrderOnD.results.length, 1, 'D cannot hear of A\'s change while Redis is away');
      assert.equal(byOrderOnA.results.length, 1, 'nor A of D\'s');

      proxy.restore();
      // D re-reads what its subscribers watch; D publishes what it could not.
      await byOrderOnD.waitFor(2);
      assert.equal(updates(byOrderOnD)[1].orderState, 'PAY_SUCCESS');
      await byOrderOnA.waitFor(2);
      assert.equal(updates(byOrderOnA)[1].orderState, 'PAY_SUCCESS');
      await eventually(
        async () => (updates(byContractOnD).some((update) => update.outTradeNo === storedOnA.outTradeNo && update.orderState === 'PAY_SUCCESS') ? true : undefined),
        "the contract's subscriber on D to see A's PAY_SUCCESS",
      );
      // Each state once: the catch-up and the live path deduplicate by version.
      await sleep(300);
      assert.equal(byOrderOnD.results.length, 2);
      assert.equal(byOrderOnA.results.length, 2);
      const paidFrames = updates(byContractOnD).filter((update) => update.orderState === 'PAY_SUCCESS');
      assert.deepEqual(paidFrames.map((update) => update.outTradeNo).sort(), [storedOnA.outTradeNo, storedOnD.outTradeNo].sort());
    });
  });
});
