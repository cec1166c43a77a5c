import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encryptOaepSha1 } from '../../src/wechatpay/crypto.js';
import { callApi, callSandbox, startTestSimulator, type TestSimulator } from './support/api-client.js';
import { startCallbackReceiver, type CallbackReceiver } from './support/callback-receiver.js';
import { expectError } from './support/expect-error.js';
import { uniqueId } from './support/flows.js';
import { openCallback } from './support/open-callback.js';

const H5 = '/v3/credit-repayment/partner/contracts/h5-presign';

interface Page {
  status: number;
  contentType: string;
  html: string;
  url: URL;
}

/** What a browser does: GET, follow nothing, read the HTML. */
async function browse(url: URL): Promise<Page> {
  const response = await fetch(url, { headers: { Accept: 'text/html' }, redirect: 'manual' });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', html: await response.text(), url };
}

/** Submits the form whose button has `buttonId`, as a browser does: POST to the action, form-encoded. */
async function submit(page: Page, buttonId: string): Promise<Page> {
  const forms = [...page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  const form = forms.find(([, , inner]) => new RegExp(`id="${buttonId}"`).test(inner));
  assert.ok(form, `no form with button #${buttonId} in ${page.html}`);
  const attributes = form[1];
  assert.match(attributes, /method="post"/i);
  const action = /action="([^"]*)"/.exec(attributes)?.[1];
  assert.ok(action !== undefined, 'the form has an action');
  const target = new URL(action.replaceAll('&amp;', '&'), page.url);
  const response = await fetch(target, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', Origin: page.url.origin },
    body: '',
    redirect: 'manual',
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', html: await response.text(), url: target };
}

function title(page: Page): string {
  return /<h1>([^<]*)<\/h1>/.exec(page.html)?.[1] ?? '';
}

describe('H5 signing page', () => {
  let t: TestSimulator;
  let receiver: CallbackReceiver;
  let clock = new Date('2025-07-01T02:00:00Z');
  before(async () => {
    receiver = await startCallbackReceiver();
    t = await startTestSimulator({ now: () => clock });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  async function presignH5(extra: Record<string, unknown> = {}): Promise<{ redirect: URL; code: string }> {
    const code = uniqueId('C');
    const response = await callApi(
      t.sim,
      'POST',
      H5,
      {
        appid: t.sim.credentials.appid,
        plan_id: '100001',
        out_contract_code: code,
        display_name: '**明',
        contract_notify_url: `${receiver.url}/sign`,
        repayment_amount_limit: '123456789',
        repayment_day: 8,
        real_identity: {
          identity_type: 'REAL_IDENTITY_TYPE_ID_CARD',
          identity_id: encryptOaepSha1('110101199003071234', t.sim.credentials.wechatpayPublicKeyPem),
          real_name: encryptOaepSha1('张三丰', t.sim.credentials.wechatpayPublicKeyPem),
        },
        ...extra,
      },
      { headers: { 'Wechatpay-Serial': t.sim.credentials.wechatpayPublicKeyId } },
    );
    assert.equal(response.status, 200, response.text);
    return { redirect: new URL(response.json.redirect_url), code };
  }

  it('shows the agreement with two buttons, self-contained HTML', async () => {
    const { redirect, code } = await presignH5();
    const page = await browse(redirect);
    assert.equal(page.status, 200);
    assert.match(page.contentType, /^text\/html; charset=utf-8/);
    assert.match(page.html, /^<!doctype html>/);
    assert.ok(page.html.includes(code));
    assert.ok(page.html.includes('**明'));
    assert.ok(page.html.includes('¥1,234,567.89'));
    assert.ok(page.html.includes('2025-07-01 10:10:00'), 'valid until, Beijing time');
    assert.match(page.html, /id="agree"/);
    assert.match(page.html, /id="decline"/);
    assert.doesNotMatch(page.html, /<script|\bsrc=|<link|https?:\/\//, 'no script and no external assets');
  });

  it('agree: a result page, SIGN_CONTRACT to contract_notify_url, and the agreement is in effect', async () => {
    const before = receiver.received.length;
    const { redirect, code } = await presignH5();
    const page = await browse(redirect);
    const result = await submit(page, 'agree');
    assert.equal(result.status, 200, result.html);
    assert.match(result.contentType, /^text\/html/);
    assert.equal(title(result), 'Agreement signed');

    const callback = (await receiver.waitFor(before + 1))[before];
    assert.equal(callback.path, '/sign');
    const opened = openCallback(t.sim.credentials, callback);
    assert.ok(opened.verified);
    assert.equal(opened.envelope.event_type, 'CREDIT_REPAYMENT.SIGN_CONTRACT');
    assert.equal(opened.resource.out_contract_code, code);
    assert.ok(result.html.includes(opened.resource.contract_id));

    const contract = await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/contracts/${code}`);
    assert.equal(contract.json.contract_state, 'CONTRACT_STATE_EFFECTIVE');
    assert.equal(contract.json.repayment_day, 8);

    // back button and submit again, or open the link again: "already used", and nothing more is sent
    const resubmitted = await submit(page, 'agree');
    assert.equal(resubmitted.status, 409);
    assert.equal(title(resubmitted), 'This signing link has already been used');
    const revisit = await browse(redirect);
    assert.equal(revisit.status, 409);
    assert.doesNotMatch(revisit.html, /<form/);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(receiver.received.length, before + 1);
  });

  it('decline: a result page, no callback, no agreement', async () => {
    const before = receiver.received.length;
    const { redirect, code } = await presignH5();
    const result = await submit(await browse(redirect), 'decline');
    assert.equal(result.status, 200);
    assert.equal(title(result), 'You declined');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(receiver.received.length, before);
    expectError(await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/contracts/${code}`), 404, 'RESOURCE_NOT_EXISTS');
    assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/presign/${redirect.searchParams.get('presign_token')}/confirm`)).status, 409);
  });

  it('an expired link says so, on the page and on submit', async () => {
    const { redirect } = await presignH5();
    const page = await browse(redirect);
    clock = new Date(clock.getTime() + 10 * 60 * 1000 + 1000);
    const expired = await browse(redirect);
    assert.equal(expired.status, 410);
    assert.equal(title(expired), 'This signing link has expired');
    assert.match(expired.html, /10 minutes/);
    const late = await submit(page, 'agree');
    assert.equal(late.status, 410);
    assert.equal(title(late), 'This signing link has expired');
  });

  it('an unknown link says so', async () => {
    const page = await browse(new URL('/sandbox/sign?presign_token=nope', t.sim.url));
    assert.equal(page.status, 404);
    assert.match(page.contentType, /^text\/html/);
    assert.equal(title(page), 'This signing link is not valid');
    assert.equal((await browse(new URL('/sandbox/sign', t.sim.url))).status, 404);
  });

  it('escapes what it shows', async () => {
    const { redirect } = await presignH5({ display_name: '***<' });
    const page = await browse(redirect);
    assert.ok(page.html.includes('<dd>***&lt;</dd>'));
    assert.ok(!page.html.includes('***<'));
  });
});
