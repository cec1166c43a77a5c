import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAuthorization, parseAuthorization } from '../../src/wechatpay/index.js';

const PARTS = { mchid: '1900000001', nonce_str: 'N0NCE', signature: 'c2lnbmF0dXJl+/=', timestamp: '1764640000', serial_no: '5157F09EFDC0' };
const SCHEME = 'WECHATPAY2-SHA256-RSA2048';

test('the five items round-trip, in any order and with spaces after the commas', () => {
  assert.deepEqual(parseAuthorization(formatAuthorization(PARTS)), PARTS);
  const shuffled = `${SCHEME} serial_no="${PARTS.serial_no}", timestamp="${PARTS.timestamp}", signature="${PARTS.signature}", nonce_str="${PARTS.nonce_str}", mchid="${PARTS.mchid}"`;
  assert.deepEqual(parseAuthorization(shuffled), PARTS);
});

test('anything but exactly the five items is malformed', () => {
  const header = formatAuthorization(PARTS);
  for (const bad of [
    `${header},foo="bar"`, // an unknown key
    header.replace(`${SCHEME} `, `${SCHEME} mchid="999",`), // a repeated key: the second must not win
    header.replace(/,serial_no="[^"]*"/, ''), // one missing
    header.replace(`mchid="${PARTS.mchid}"`, 'mchid=""'), // an empty value
    header.replace(`mchid="${PARTS.mchid}"`, `mchid="${PARTS.mchid}" junk`), // text outside the quotes
    `${header},`, // a trailing comma
    header.replace(SCHEME, 'WECHATPAY2-SHA256-RSA4096'),
    '',
  ]) {
    assert.equal(parseAuthorization(bad), null, bad);
  }
});
