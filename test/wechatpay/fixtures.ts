/** Loads the committed crypto fixtures (see test/fixtures/README.md). Paths are relative to the repo root. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function fixturePath(name: string): string {
  return path.resolve('test/fixtures', name);
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export const MERCHANT_KEY = fixtureText('merchant-key.pem');
export const MERCHANT_PUB = fixtureText('merchant-pub.pem');
export const WECHATPAY_KEY = fixtureText('wechatpay-key.pem');
export const WECHATPAY_PUB = fixtureText('wechatpay-pub.pem');
export const WECHATPAY_KEY_2 = fixtureText('wechatpay-key-2.pem');
export const PLATFORM_CERT = fixtureText('platform-cert.pem');
export const PLATFORM_CERT_2 = fixtureText('platform-cert-2.pem');

export const PUBLIC_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
export const PLATFORM_CERT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
export const PLATFORM_CERT_2_SERIAL = '0ABCDEF0123456789ABCDEF0123456789ABCDEF0';
/** Certificate 2 is valid 2030-01-01 … 2040-01-01; this instant lies inside (and inside certificate 1). */
export const IN_2031_MS = Date.UTC(2031, 5, 1);

export const MCHID = '1900000001';
export const MERCHANT_SERIAL_NO = '3775B6A45ACD588826D15E583A95F5DD12345678';
