import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
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

/** Real WeChat Pay from the WECHATPAY_* settings (key files are read here, once). */
export async function wechatpayFromConfig(config: Config): Promise<WechatpayWiring> {
  const settings = config.wechatpay!;
  const privateKey = await readSetting('WECHATPAY_PRIVATE_KEY_FILE', settings.privateKeyFile);
  const verifier = settings.publicKeyFile
    ? createPublicKeyVerifier({
        publicKeyId: settings.publicKeyId!,
        publicKey: await readSetting('WECHATPAY_PUBLIC_KEY_FILE', settings.publicKeyFile),
      })
    : createCertificateVerifier(
        await Promise.all(settings.platformCertificateFiles.map((file) => readSetting('WECHATPAY_PLATFORM_CERTIFICATE_FILES', file))),
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

async function readSetting(variable: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
