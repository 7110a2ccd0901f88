// npm run verify-download -- URL|FOLDER [--key signing-key.pem]
// For units that take the list into their systems: fetches /data/index.json, its signature and
// every file it lists, and checks the signature (Ed25519), each file's size and SHA-256, and
// each JSON file against its published JSON Schema. Exit status 0 only when all of it holds.
// URL or FOLDER: the site (https://…/ or a built release) or its /data/ folder.
import { createPublicKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { sha256Hex } from './lib/batch-signature.ts';
import type { DataIndex } from './lib/open-data.ts';
import { appendAll } from './lib/arrays.ts';
import { arrayItems, withArraysEmptied } from './lib/json-stream.ts';
import { INDEX_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE } from './lib/open-data.ts';
import { fingerprintOf, verifyDetached } from './lib/signing.ts';

export interface VerifyDownloadResult {
  ok: boolean;
  /** One line per failure, Chinese / English, naming the file. */
  failures: string[];
  warnings: string[];
  /** Files whose size, hash (and schema) were checked. */
  checked: number;
  index: DataIndex | null;
}

type Read = (file: string) => Promise<Uint8Array | null>;

/** Reads files relative to the /data/ folder of a URL or a local folder. */
async function readerFor(source: string): Promise<Read> {
  if (/^https?:\/\//i.test(source)) {
    const get = (base: string): Read => async (file) => {
      const response = await fetch(new URL(file, base));
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
    };
    const base = source.endsWith('/') ? source : `${source}/`;
    if (/\/data\/$/.test(base)) return get(base);
    // The site's root was given: its data is under /data/.
    const atRoot = get(new URL('data/', base).href);
    return (await atRoot(INDEX_FILE)) ? atRoot : get(base);
  }
  const folder = path.resolve(source);
  const isDir = async (dir: string) => (await stat(dir).catch(() => null))?.isDirectory() ?? false;
  const data = (await isDir(path.join(folder, 'data'))) ? path.join(folder, 'data') : folder;
  return async (file) => {
    const full = path.resolve(data, file);
    // index.json names the files: none of them may lead outside the folder.
    if (!full.startsWith(`${data}${path.sep}`)) return null;
    return readFile(full).catch(() => null);
  };
}

/** Above this many bytes a JSON file is checked against its schema a piece at a time
 *  (json-stream.ts): whole, the 952 MB entries.json of 1,000,000 entries cannot be one string. */
export const WHOLE_JSON_UP_TO = 128 * 1024 * 1024;

/** A file's schema errors (instance path and message, the first few), 'not JSON', or null when it matches. */
export type SchemaCheck = (bytes: Uint8Array, wholeUpTo: number) => Promise<string[] | 'not JSON' | null>;

const errorsOf = (errors: ErrorObject[] | null | undefined, under = '') => (errors ?? []).map((e) => `${under}${e.instancePath || (under ? '' : '/')} ${e.message}`);

/**
 * Checks files against one JSON Schema. A file up to `wholeUpTo` bytes is parsed whole. A larger
 * one is read twice as a stream: each element of an array directly under its top-level object is
 * checked against that array's `items`, and the rest of the file against the schema with those
 * arrays standing in by their length alone (so `minItems`/`maxItems` still hold). The verdicts
 * are the same (tests/unit/json-stream.test.ts checks this on generated files); only the order
 * in which the first errors are named may differ.
 */
export function schemaCheckerFor(ajv: Ajv2020, schema: Record<string, unknown>): SchemaCheck {
  const whole = ajv.compile(schema);
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const arrays = Object.entries(properties).filter(([, p]) => p?.type === 'array' && typeof p.items === 'object');
  let parts: { rest: ValidateFunction; items: Map<string, ValidateFunction> } | undefined;
  // Compiled when first needed: the schema's own $id is registered already, the parts go without it.
  const compileParts = () => {
    const { $id: _, ...anonymous } = schema;
    const bare = Object.fromEntries(arrays.map(([key, { items: _items, uniqueItems: _u, contains: _c, ...array }]) => [key, array]));
    const rest = ajv.compile({ ...anonymous, properties: { ...properties, ...bare } });
    // An element's schema may refer to the file's definitions: they go with it.
    const shared = Object.fromEntries(Object.entries({ $schema: schema.$schema, $defs: schema.$defs }).filter(([, v]) => v !== undefined));
    const items = new Map(arrays.map(([key, p]) => [key, ajv.compile({ ...shared, ...(p.items as object) })]));
    return { rest, items };
  };
  return async (bytes, wholeUpTo) => {
    if (bytes.byteLength <= wholeUpTo) {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(bytes).toString('utf8'));
      } catch {
        return 'not JSON';
      }
      return whole(value) ? null : errorsOf(whole.errors);
    }
    parts ??= compileParts();
    const errors: string[] = [];
    let rest: unknown;
    try {
      rest = await withArraysEmptied(bytes, [...parts.items.keys()]);
      for (const [key, validate] of parts.items) {
        const members = rest as Record<string, unknown>;
        if (!members || typeof members !== 'object' || !Array.isArray(members[key])) continue;
        let count = 0;
        for await (const item of arrayItems(bytes, key)) {
          if (errors.length < 3 && !validate(item)) appendAll(errors, errorsOf(validate.errors, `/${key}/${count}`));
          count++;
        }
        members[key] = new Array(count).fill(null);
      }
    } catch {
      return 'not JSON';
    }
    if (!parts.rest(rest)) appendAll(errors, errorsOf(parts.rest.errors));
    return errors.length ? errors : null;
  };
}

export async function verifyDownload(options: { source: string; publicKeyPem?: string; wholeJsonUpTo?: number }): Promise<VerifyDownloadResult> {
  const failures: string[] = [];
  const warnings: string[] = [];
  const result = (index: DataIndex | null, checked: number): VerifyDownloadResult => ({ ok: failures.length === 0, failures, warnings, checked, index });
  const read = await readerFor(options.source);
  const [indexBytes, signature] = await Promise.all([read(INDEX_FILE), read(SIGNATURE_FILE)]);
  if (!indexBytes) return (failures.push(`${INDEX_FILE}：无法获取 / could not be fetched`), result(null, 0));
  if (!signature) return (failures.push(`${SIGNATURE_FILE}：无法获取，无法核验签名 / could not be fetched, signature not checked`), result(null, 0));

  let keyPem = options.publicKeyPem;
  if (!keyPem) {
    const published = await read(PUBLIC_KEY_FILE);
    if (!published) return (failures.push(`${PUBLIC_KEY_FILE}：无法获取，请用 --key 指定公钥 / could not be fetched; give the public key with --key`), result(null, 0));
    keyPem = Buffer.from(published).toString('utf8');
    warnings.push(`未指定 --key：使用下载源自己发布的公钥（首次使用即信任，安全性弱；请与数据页或 README 上的指纹核对，并以后用 --key 固定）/ no --key: trusting the key the source publishes (trust on first use is weak; compare the fingerprint with the data page, then pin it with --key). 指纹 / fingerprint ${safeFingerprint(keyPem)}`);
  }
  let signed = false;
  try {
    signed = verifyDetached(indexBytes, signature, keyPem);
  } catch {
    return (failures.push(`--key：不是可读的 Ed25519 公钥（PEM）/ not a readable Ed25519 public key (PEM)`), result(null, 0));
  }
  if (!signed) return (failures.push(`${INDEX_FILE}：签名与公钥不符，文件被改动或公钥不对，不可信 / signature does not match the public key: the file was changed or the key is wrong; do not trust it`), result(null, 0));

  let index: DataIndex;
  try {
    index = JSON.parse(Buffer.from(indexBytes).toString('utf8')) as DataIndex;
  } catch {
    return (failures.push(`${INDEX_FILE}：不是有效的 JSON / not valid JSON`), result(null, 0));
  }
  if (index.signature?.throwaway) warnings.push(`${INDEX_FILE}：由临时密钥签名（示例构建），不能证明数据来自正式发布方 / signed by a throwaway key (sample build): it proves nothing about the publisher`);

  // The schemas are files the signed index lists and hashes: checked first, then used.
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
  const validators = new Map<string, SchemaCheck>();
  const listed = Array.isArray(index.files) ? index.files : [];
  const bytesOf = new Map<string, Uint8Array>();
  let checked = 0;
  for (const file of listed) {
    // A listed path is fetched relative to /data/: nothing absolute, no way up, no other host.
    if (typeof file.path !== 'string' || !/^[\w.-]+(\/[\w.-]+)*$/.test(file.path) || file.path.split('/').includes('..')) {
      failures.push(`${JSON.stringify(file.path)}：index.json 中的路径无效，未获取 / invalid path in index.json, not fetched`);
      continue;
    }
    const bytes = await read(file.path);
    if (!bytes) {
      failures.push(`${file.path}：index.json 列出但无法获取 / listed in index.json but could not be fetched`);
      continue;
    }
    checked++;
    if (bytes.byteLength !== file.size) failures.push(`${file.path}：大小不符（应为 ${file.size} 字节，实为 ${bytes.byteLength}）/ size mismatch (expected ${file.size} bytes, got ${bytes.byteLength})`);
    const sha256 = sha256Hex(bytes);
    if (sha256 !== file.sha256) failures.push(`${file.path}：SHA-256 不符，文件被改动或不完整 / SHA-256 mismatch: the file was changed or is incomplete (expected ${file.sha256}, got ${sha256})`);
    else bytesOf.set(file.path, bytes);
  }
  const schemaFiles = new Set(listed.map((f) => f.schema).filter((s): s is string => !!s));
  for (const name of schemaFiles) {
    const bytes = bytesOf.get(name);
    if (!bytes) {
      failures.push(`${name}：JSON Schema 未列入 index.json 或未通过核验 / JSON Schema not listed in index.json or failed its check`);
      continue;
    }
    try {
      validators.set(name, schemaCheckerFor(ajv, JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>));
    } catch (error) {
      failures.push(`${name}：不是可用的 JSON Schema / not a usable JSON Schema (${(error as Error).message})`);
    }
  }
  const checkSchema = async (file: string, bytes: Uint8Array, schema: string) => {
    const check = validators.get(schema);
    if (!check) return;
    const verdict = await check(bytes, options.wholeJsonUpTo ?? WHOLE_JSON_UP_TO);
    if (verdict === 'not JSON') failures.push(`${file}：不是有效的 JSON / not valid JSON`);
    else if (verdict) failures.push(`${file}：不符合 ${schema}（${verdict.slice(0, 3).join('；')}）/ does not match ${schema}`);
  };
  // A unit replays the versions' delta pieces and follows the courts' feeds: each must be a file the index lists (and so checked above).
  const pieces = [
    ...(Array.isArray(index.versions) ? index.versions : []).flatMap((v) => (Array.isArray(v.deltas) ? v.deltas : [])),
    ...(Array.isArray(index.courts) ? index.courts : []).flatMap((c) => (Array.isArray(c.feed) ? c.feed : [])),
  ];
  for (const piece of pieces) {
    if (listed.every((f) => f.path !== piece)) failures.push(`${piece}：index.json 的 versions 或 courts 列出的分片不在其文件清单中 / a piece named under versions or courts is not among the listed files`);
  }
  await checkSchema(INDEX_FILE, indexBytes, 'index.schema.json');
  for (const file of listed) {
    const bytes = bytesOf.get(file.path);
    if (bytes && file.schema) await checkSchema(file.path, bytes, file.schema);
  }
  return result(index, checked);
}

function safeFingerprint(pem: string): string {
  try {
    return fingerprintOf(createPublicKey(pem));
  } catch {
    return '（无法读取 / unreadable）';
  }
}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { key: { type: 'string' } } });
  const source = positionals[0];
  if (!source) {
    console.error('用法 / usage: npm run verify-download -- <网址或文件夹 / URL or folder> [--key signing-key.pem]');
    process.exit(2);
  }
  let publicKeyPem: string | undefined;
  if (values.key) {
    try {
      publicKeyPem = await readFile(values.key, 'utf8');
    } catch {
      console.error(`✖ 无法读取公钥文件 ${values.key} / cannot read the public key file`);
      process.exit(2);
    }
  }
  const outcome = await verifyDownload({ source, publicKeyPem });
  for (const warning of outcome.warnings) console.warn(`⚠ ${warning}`);
  for (const failure of outcome.failures) console.error(`✖ ${failure}`);
  if (!outcome.ok) {
    console.error(`\n核验失败：${outcome.failures.length} 处问题。请勿使用这份数据，重新下载或联系发布方。/ Verification FAILED (${outcome.failures.length}). Do not use this copy.`);
    process.exit(1);
  }
  const index = outcome.index!;
  console.log(`✔ 核验通过 / verified: 签名、${outcome.checked} 个文件的大小与 SHA-256、JSON Schema 均相符。版本 / version ${index.version}（${index.versionDate ?? '—'}），截至 / as of ${index.asOf}。`);
}

if (import.meta.main) {
  main().catch((error) => {
    console.error(`✖ ${(error as Error).message}`);
    process.exit(1);
  });
}
