// The Ed25519 key that signs /data/index.json (a detached signature, /data/index.json.sig).
// The private key comes from the operator, never from the repository:
//   GONGSHI_SIGNING_KEY       the PEM text (PKCS#8), e.g. from a CI secret
//   GONGSHI_SIGNING_KEY_FILE  a PEM file outside the project folder
// With neither, a throwaway key is made once per output folder and kept in <out>/.signing/
// (beside the releases, never served), so a rebuild keeps the key units pinned. It signs the
// sample build only: the log and the data page say so.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { refusal, RefusalError } from './refusals.ts';

export interface SigningKey {
  privateKey: KeyObject;
  /** The public half as published at /data/signing-key.pem (SPKI PEM). */
  publicKeyPem: string;
  /** SHA-256 of the public key's DER bytes, hex: what a person compares by eye or by phone. */
  fingerprint: string;
  throwaway: boolean;
}

/** What the data page shows about the key (in the build state: no private part). */
export type PublicSigningKey = Pick<SigningKey, 'publicKeyPem' | 'fingerprint' | 'throwaway'>;

/** The signing key cannot be used: a refusal with its code (refusals.ts). */
export class SigningKeyError extends RefusalError {}

const PROJECT = path.resolve(import.meta.dirname, '../..');
export const THROWAWAY_KEY_FILE = path.join('.signing', 'throwaway-ed25519.pem');

/** The key this output folder's builds sign with (see the top of this file). */
export async function signingKeyFor(out: string, env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
  if (env.GONGSHI_SIGNING_KEY?.trim()) return fromPem(env.GONGSHI_SIGNING_KEY, '环境变量 GONGSHI_SIGNING_KEY', false);
  const file = env.GONGSHI_SIGNING_KEY_FILE?.trim();
  if (file) {
    const resolved = path.resolve(file);
    if (resolved === PROJECT || resolved.startsWith(`${PROJECT}${path.sep}`)) {
      throw new SigningKeyError(refusal('SigningKeyInRepository', { file: path.relative(PROJECT, resolved) }));
    }
    const pem = await readFile(resolved, 'utf8').catch(() => {
      throw new SigningKeyError(refusal('SigningKeyUnreadable', { file: resolved }));
    });
    return fromPem(pem, `文件 ${resolved}`, false);
  }
  const throwaway = path.join(out, THROWAWAY_KEY_FILE);
  const existing = await readFile(throwaway, 'utf8').catch(() => null);
  if (existing) return fromPem(existing, `临时密钥 ${throwaway}`, true);
  const { privateKey } = generateKeyPairSync('ed25519');
  await mkdir(path.dirname(throwaway), { recursive: true, mode: 0o700 });
  await writeFile(throwaway, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  // Another build may have made it first: whichever file is there is the folder's key.
  return fromPem(await readFile(throwaway, 'utf8'), `临时密钥 ${throwaway}`, true);
}

function fromPem(pem: string, where: string, throwaway: boolean): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new SigningKeyError(refusal('SigningKeyNotPem', { where }));
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(refusal('SigningKeyNotEd25519', { where, type: String(privateKey.asymmetricKeyType) }));
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: fingerprintOf(publicKey), throwaway };
}

export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function publicPart(key: SigningKey): PublicSigningKey {
  return { publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint, throwaway: key.throwaway };
}

/** The detached signature: the 64 raw bytes Ed25519 gives (what `openssl pkeyutl -verify -rawin` reads). */
export function signDetached(data: Uint8Array, key: SigningKey): Buffer {
  return sign(null, data, key.privateKey);
}

/** Whether `signature` is `publicKeyPem`'s Ed25519 signature of `data`; false for a key that is not Ed25519. */
export function verifyDetached(data: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean {
  const publicKey = createPublicKey(publicKeyPem);
  if (publicKey.asymmetricKeyType !== 'ed25519') return false;
  return verify(null, data, publicKey, signature);
}
