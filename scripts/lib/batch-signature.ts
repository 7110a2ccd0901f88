// Signed court batches (issue #13 item 5). A court may send `<batch>.sig` beside a batch in
// content/entries/: a detached Ed25519 signature (node:crypto) over the batch file's exact bytes,
// by a key whose public half is listed for that court in content/courts.json (signingKeys). When
// content/site.json sets requireSignedBatches, a batch without a valid signature is refused: its
// rows are read only to be withheld (they stay hidden parties), nothing of it is published.
// Decisions are never refused for a signature: taking an entry down is always applied.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from './report.ts';
import { action, problem } from './problems.ts';

export const SIGNATURE_EXTENSION = '.sig';

/** The public key of a court, as courts.json lists it: SPKI PEM, or its DER in base64 on one line. */
export function parsePublicKey(text: string): KeyObject | null {
  try {
    const trimmed = text.trim();
    const key = trimmed.startsWith('-----BEGIN') ? createPublicKey(trimmed) : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** A private key from its PEM (PKCS #8) text: what sign-batch reads from --key. */
export function parsePrivateKey(text: string): KeyObject {
  const key = createPrivateKey(text);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`不是 Ed25519 私钥（是 ${key.asymmetricKeyType ?? '未知类型'}）`);
  return key;
}

/** A new key pair: the private key as PKCS #8 PEM, the public one as courts.json lists it (base64 SPKI DER, one line). */
export function newCourtKeyPair(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** The text of `<batch>.sig`: the 64-byte signature in base64, one line. */
export function signBatch(bytes: Uint8Array, privateKey: KeyObject): string {
  return `${sign(null, bytes, privateKey).toString('base64')}\n`;
}

/** A .sig file's signature: base64 text (what sign-batch writes) or the 64 raw bytes; null when it is neither. */
export function signatureOf(bytes: Uint8Array): Buffer | null {
  if (bytes.length === 64) return Buffer.from(bytes);
  const text = Buffer.from(bytes).toString('latin1').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const signature = Buffer.from(text, 'base64');
  return signature.length === 64 ? signature : null;
}

export interface CourtKey {
  court: string;
  key: KeyObject;
}

/** The court whose key made `signature` over `bytes`, or null. */
export function signerOf(bytes: Uint8Array, signature: Buffer, keys: readonly CourtKey[]): string | null {
  return keys.find(({ key }) => verify(null, bytes, key, signature))?.court ?? null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A batch file as read: its hash, the court that signed it, and whether it was refused. */
export interface BatchSource {
  sha256: string;
  signedBy?: string;
  /** The file's rows are not published (no valid signature where one is required, or a signature that does not match). */
  refused: boolean;
}

/**
 * Checks the batch `file` (its bytes as read, so what is verified is what is parsed) against
 * `<file>.sig`. A signature that does not verify refuses the file whether or not signatures are
 * required: the file was changed after signing, or signed by a key no court lists.
 */
export async function checkBatch(file: string, bytes: Uint8Array, keys: readonly CourtKey[], required: boolean, problems: Problem[]): Promise<BatchSource> {
  const sha256 = sha256Hex(bytes);
  const name = path.basename(file);
  const sigFile = `${file}${SIGNATURE_EXTENSION}`;
  const sigName = `${name}${SIGNATURE_EXTENSION}`;
  let sigBytes: Buffer | null = null;
  try {
    sigBytes = await readFile(sigFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push(problem('SignatureUnreadable', { batch: name, signature: sigName, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }, { severity: 'error', file: sigFile, action: action('BatchNotSigned') }));
      return { sha256, refused: true };
    }
  }
  if (sigBytes === null) {
    if (!required) return { sha256, refused: false };
    problems.push(problem('SignatureMissing', { batch: name, signature: sigName }, { severity: 'error', file, action: action('BatchNotSigned') }));
    return { sha256, refused: true };
  }
  const signature = signatureOf(sigBytes);
  if (signature === null) {
    problems.push(problem('SignatureMalformed', { batch: name, signature: sigName }, { severity: 'error', file: sigFile, action: action('BatchNotSigned') }));
    return { sha256, refused: true };
  }
  const signedBy = signerOf(bytes, signature, keys);
  if (signedBy === null) {
    problems.push(problem('SignatureInvalid', { batch: name, sha256, courtHasKeys: keys.length > 0 }, { severity: 'error', file, action: action('BatchNotSigned') }));
    return { sha256, refused: true };
  }
  return { sha256, signedBy, refused: false };
}
