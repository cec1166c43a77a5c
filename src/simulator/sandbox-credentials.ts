/**
 * The sandbox merchant's identity: keys and identifiers the simulator and our SDK share.
 *
 * Created once in a home directory (standard PEM files plus `sandbox.json`) and read back later, so
 * a newcomer's app and simulator agree across restarts without any manual setup.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { randomAlphanumerics, randomDigits } from './random-ids.js';

export type PlanKind = 'CONSUMER_LOAN' | 'CASH_LOAN';

export interface SandboxPlan {
  kind: PlanKind;
  /** Per-repayment cap of the template, fen, digits. */
  max_repayment_amount: string;
}

export interface SandboxCredentials {
  mchid: string;
  merchantSerialNo: string;
  apiV3Key: string;
  wechatpayPublicKeyId: string;
  appid: string;
  subMchids: string[];
  plans: Record<string, SandboxPlan>;
  merchantPrivateKeyPem: string;
  merchantPrivateKeyFile: string;
  wechatpayPublicKeyPem: string;
  wechatpayPublicKeyFile: string;
  /** Only the simulator reads this: it signs responses and callbacks and decrypts sensitive fields. */
  wechatpayPrivateKeyPem: string;
  home: string;
}

/** The on-disk shape of `sandbox.json` (snake_case, like the platform's own settings). */
interface SandboxFile {
  mchid: string;
  merchant_serial_no: string;
  apiv3_key: string;
  wechatpay_public_key_id: string;
  appid: string;
  sub_mchids: string[];
  plans: Record<string, SandboxPlan>;
  merchant_private_key_file: string;
  wechatpay_public_key_file: string;
}

const SANDBOX_FILE = 'sandbox.json';
const MERCHANT_KEY_FILE = 'apiclient_key.pem';
const WECHATPAY_PUBLIC_KEY_FILE = 'pub_key.pem';
const WECHATPAY_PRIVATE_KEY_FILE = 'wechatpay_private_key.pem';

const generateKeyPairAsync = promisify(generateKeyPair);

// Two callers in one process asking for the same fresh home must not both generate keys.
const pending = new Map<string, Promise<SandboxCredentials>>();

/** Reads the sandbox credentials from `home`, creating them on first use. */
export function loadOrCreateSandboxCredentials(home: string): Promise<SandboxCredentials> {
  const dir = resolve(home);
  let result = pending.get(dir);
  if (!result) {
    result = loadOrCreate(dir).finally(() => pending.delete(dir));
    pending.set(dir, result);
  }
  return result;
}

async function loadOrCreate(dir: string): Promise<SandboxCredentials> {
  const existing = await readIfPresent(join(dir, SANDBOX_FILE));
  if (existing !== null) return load(dir, existing);
  await create(dir);
  return load(dir, await readFile(join(dir, SANDBOX_FILE), 'utf8'));
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function load(dir: string, json: string): Promise<SandboxCredentials> {
  const path = join(dir, SANDBOX_FILE);
  let file: SandboxFile;
  try {
    file = JSON.parse(json) as SandboxFile;
  } catch {
    throw new Error(`${path} is not valid JSON; fix it or delete the directory to start a fresh sandbox`);
  }
  for (const name of ['mchid', 'merchant_serial_no', 'apiv3_key', 'wechatpay_public_key_id', 'appid'] as const) {
    if (typeof file[name] !== 'string' || file[name] === '') throw new Error(`${path}: "${name}" must be a string`);
  }
  if (!Array.isArray(file.sub_mchids)) throw new Error(`${path}: "sub_mchids" must be an array of strings`);
  if (typeof file.plans !== 'object' || file.plans === null) throw new Error(`${path}: "plans" must be an object`);
  const merchantPrivateKeyFile = resolve(dir, file.merchant_private_key_file ?? MERCHANT_KEY_FILE);
  const wechatpayPublicKeyFile = resolve(dir, file.wechatpay_public_key_file ?? WECHATPAY_PUBLIC_KEY_FILE);
  return {
    mchid: file.mchid,
    merchantSerialNo: file.merchant_serial_no,
    apiV3Key: file.apiv3_key,
    wechatpayPublicKeyId: file.wechatpay_public_key_id,
    appid: file.appid,
    subMchids: [...file.sub_mchids],
    plans: structuredClone(file.plans),
    merchantPrivateKeyPem: await readFile(merchantPrivateKeyFile, 'utf8'),
    merchantPrivateKeyFile,
    wechatpayPublicKeyPem: await readFile(wechatpayPublicKeyFile, 'utf8'),
    wechatpayPublicKeyFile,
    wechatpayPrivateKeyPem: await readFile(join(dir, WECHATPAY_PRIVATE_KEY_FILE), 'utf8'),
    home: dir,
  };
}

async function create(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const [merchant, wechatpay] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  const file: SandboxFile = {
    mchid: `16${randomDigits(8)}`,
    merchant_serial_no: randomBytes(20).toString('hex').toUpperCase(),
    apiv3_key: randomAlphanumerics(32),
    wechatpay_public_key_id: `PUB_KEY_ID_${randomDigits(28)}`,
    appid: `wx${randomBytes(8).toString('hex')}`,
    sub_mchids: ['1900000109'],
    plans: {
      '100001': { kind: 'CONSUMER_LOAN', max_repayment_amount: '5000000' },
      '100002': { kind: 'CASH_LOAN', max_repayment_amount: '5000000' },
    },
    merchant_private_key_file: MERCHANT_KEY_FILE,
    wechatpay_public_key_file: WECHATPAY_PUBLIC_KEY_FILE,
  };
  await writeAtomically(join(dir, MERCHANT_KEY_FILE), merchant.privateKey, 0o600);
  await writeAtomically(join(dir, WECHATPAY_PRIVATE_KEY_FILE), wechatpay.privateKey, 0o600);
  await writeAtomically(join(dir, WECHATPAY_PUBLIC_KEY_FILE), wechatpay.publicKey, 0o644);
  // Written last: its presence means the key files are complete. 0600 because it holds the APIv3 key.
  await writeAtomically(join(dir, SANDBOX_FILE), `${JSON.stringify(file, null, 2)}\n`, 0o600);
}

async function rsaKeyPair(): Promise<{ privateKey: string; publicKey: string }> {
  return generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content, { mode });
  await chmod(temp, mode); // the umask may have narrowed or the file pre-existed
  await rename(temp, path);
}
