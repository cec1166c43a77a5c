import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { readKeyFile, readPublicKeyFile } from '../key-files.js';
import type { SandboxCredentials } from '../simulator/sandbox-credentials.js';
import {
  createCertificateVerifier,
  createPublicKeyVerifier,
  createWechatpayClient,
  type WechatpayClient,
  type WechatpayVerifier,
} from '../wechatpay/index.js';

export interface WechatpayWiring {
  client: WechatpayClient;
  verifier: WechatpayVerifier;
  apiV3Key: string;
  mchid: string;
  /** The service provider's AppID for presigns, when configured. */
  appid?: string;
}

/**
 * Real WeChat Pay from the WECHATPAY_* settings. Key files are read and parsed here, once: a file
 * that cannot be read, does not parse, or holds the wrong kind of key stops the start with a
 * ConfigError naming its variable (and never quoting the file).
 */
export async function wechatpayFromConfig(config: Config): Promise<WechatpayWiring> {
  const settings = config.wechatpay!;
  const privateKey = await readPrivateKey('WECHATPAY_PRIVATE_KEY_FILE', settings.privateKeyFile);
  const verifier = settings.publicKeyFile
    ? createPublicKeyVerifier({
        publicKeyId: settings.publicKeyId!,
        publicKey: await readPublicKey('WECHATPAY_PUBLIC_KEY_FILE', settings.publicKeyFile),
      })
    : createCertificateVerifier(
        await Promise.all(settings.platformCertificateFiles.map((file) => readCertificate('WECHATPAY_PLATFORM_CERTIFICATE_FILES', file))),
      );
  return {
    client: createWechatpayClient({
      baseUrl: settings.baseUrl,
      mchid: settings.mchid,
      merchantSerialNo: settings.merchantSerialNo,
      merchantPrivateKey: privateKey,
      verifier,
      timeoutMs: config.wechatpayTimeoutMs,
    }),
    verifier,
    apiV3Key: settings.apiV3Key,
    mchid: settings.mchid,
    appid: settings.appid,
  };
}

/** The simulator's credentials, exactly as a real merchant's would be used. */
export function wechatpayFromSandbox(credentials: SandboxCredentials, baseUrl: string, timeoutMs: number): WechatpayWiring {
  const verifier = createPublicKeyVerifier({
    publicKeyId: credentials.wechatpayPublicKeyId,
    publicKey: credentials.wechatpayPublicKeyPem,
  });
  return {
    client: createWechatpayClient({
      baseUrl,
      mchid: credentials.mchid,
      merchantSerialNo: credentials.merchantSerialNo,
      merchantPrivateKey: credentials.merchantPrivateKeyPem,
      verifier,
      timeoutMs,
    }),
    verifier,
    apiV3Key: credentials.apiV3Key,
    mchid: credentials.mchid,
    appid: credentials.appid,
  };
}

/** APIv3 signs with RSA only (WECHATPAY2-SHA256-RSA2048), both ways. */
function requireRsa(variable: string, file: string, key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(variable, `${file} holds a key of type ${key.asymmetricKeyType ?? 'unknown'}; WeChat Pay APIv3 uses RSA keys`);
  }
  return key;
}

/** The merchant API private key (`apiclient_key.pem`). */
async function readPrivateKey(variable: string, file: string): Promise<KeyObject> {
  const pem = await readKeyFile(variable, file);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    const reason = /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)
      ? 'is an encrypted private key; give it unencrypted (apiclient_key.pem as downloaded)'
      : /-----BEGIN (?:[A-Z0-9 ]*PUBLIC KEY|CERTIFICATE)-----/.test(pem)
        ? 'holds a public key or certificate, not the merchant API private key (apiclient_key.pem expected)'
        : 'is not a PEM private key (apiclient_key.pem expected)';
    throw new ConfigError(variable, `${file} ${reason}`);
  }
  return requireRsa(variable, file, key);
}

/** WeChat Pay's public key (`pub_key.pem`): a private key here is a mix-up, WeChat Pay never hands out its own. */
async function readPublicKey(variable: string, file: string): Promise<KeyObject> {
  return requireRsa(variable, file, await readPublicKeyFile(variable, file, 'the WeChat Pay public key, pub_key.pem,'));
}

/** One WeChat Pay platform certificate (PEM). */
async function readCertificate(variable: string, file: string): Promise<string> {
  const pem = await readKeyFile(variable, file);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw new ConfigError(variable, `${file} is not a PEM X.509 certificate`);
  }
  requireRsa(variable, file, certificate.publicKey);
  return pem;
}
