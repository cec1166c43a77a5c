/**
 * Key files named by settings (JWT verification keys, WeChat Pay keys): every problem stops the
 * start as a ConfigError naming the variable and the file, never quoting the file's content (it may
 * be key material).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from './config.js';

/** A PEM block of private key material (PKCS#8, PKCS#1, SEC1, encrypted): never where a public key belongs. */
export const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** The text of a key file. */
export async function readKeyFile(variable: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/**
 * A PEM public key file; a private key there is refused (a mix-up, and a secret in the wrong
 * place). `expected` names what belongs there, for the messages.
 */
export async function readPublicKeyFile(variable: string, file: string, expected: string): Promise<KeyObject> {
  const pem = await readKeyFile(variable, file);
  if (PRIVATE_KEY_PEM.test(pem)) throw new ConfigError(variable, `${file} holds a private key; give only the public key (${expected} expected)`);
  try {
    return createPublicKey(pem);
  } catch {
    throw new ConfigError(variable, `${file} is not a PEM public key (${expected} expected)`);
  }
}
