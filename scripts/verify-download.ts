// npm run verify-download -- URL|FOLDER [--key signing-key.pem]
// For units that take the list into their systems: fetches /data/index.json, its signature and
// every file it lists, and checks the signature (Ed25519), each file's size and SHA-256, and
// each JSON file against its published JSON Schema. Exit status 0 only when all of it holds.
// URL or FOLDER: the site (https://…/ or a built release) or its /data/ folder.
import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { DataIndex } from './lib/open-data.ts';
import { appendAll } from './lib/arrays.ts';
import { arrayItems, withArraysEmptied, type JsonSource } from './lib/json-stream.ts';
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

/** A listed file as read: its size and SHA-256, and what its schema is checked on (when asked for). */
interface Fetched {
  size: number;
  sha256: string;
  /** Its bytes up to the limit; above it, the path of a file holding them (the folder's own, or a download's temporary copy). */
  json?: JsonSource;
}

interface Reader {
  /** A small file (the index, its signature, the published key, a schema), whole. */
  bytes(file: string): Promise<Uint8Array | null>;
  /**
   * A listed file, hashed as it is read, never held whole above `keepUpTo` bytes: at 1,000,000
   * entries the files come to 3.5 GB. Its content is kept for its schema only when `keep`: a
   * large download in a temporary file under `scratch`.
   */
  fetch(file: string, keep: boolean, keepUpTo: number, scratch: () => Promise<string>): Promise<Fetched | null>;
}

/** A download's chunks into the hash and, when kept, into memory, and past `keepUpTo` bytes into a file under `scratch` instead. */
async function received(body: AsyncIterable<Uint8Array>, keep: boolean, keepUpTo: number, scratch: () => Promise<string>): Promise<Fetched> {
  const hash = createHash('sha256');
  let size = 0;
  let chunks: Uint8Array[] = [];
  let spill: { path: string; handle: FileHandle } | null = null;
  try {
    for await (const chunk of body) {
      hash.update(chunk);
      size += chunk.byteLength;
      if (!keep) continue;
      if (!spill && size > keepUpTo) {
        const file = path.join(await scratch(), `${randomUUID()}.json`);
        spill = { path: file, handle: await open(file, 'wx', 0o600) };
        for (const held of chunks) await spill.handle.write(held);
        chunks = [];
      }
      if (spill) await spill.handle.write(chunk);
      else chunks.push(chunk);
    }
  } finally {
    await spill?.handle.close();
  }
  return { size, sha256: hash.digest('hex'), ...(keep ? { json: spill ? spill.path : Buffer.concat(chunks) } : {}) };
}

/** Reads files relative to the /data/ folder of a URL or a local folder. */
async function readerFor(source: string): Promise<Reader> {
  if (/^https?:\/\//i.test(source)) {
    const get = (base: string): Reader => ({
      async bytes(file) {
        const response = await fetch(new URL(file, base));
        return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
      },
      async fetch(file, keep, keepUpTo, scratch) {
        const response = await fetch(new URL(file, base));
        if (!response.ok || !response.body) return null;
        return received(response.body, keep, keepUpTo, scratch);
      },
    });
    const base = source.endsWith('/') ? source : `${source}/`;
    if (/\/data\/$/.test(base)) return get(base);
    // The site's root was given: its data is under /data/.
    const atRoot = get(new URL('data/', base).href);
    return (await atRoot.bytes(INDEX_FILE)) ? atRoot : get(base);
  }
  const folder = path.resolve(source);
  const isDir = async (dir: string) => (await stat(dir).catch(() => null))?.isDirectory() ?? false;
  const data = (await isDir(path.join(folder, 'data'))) ? path.join(folder, 'data') : folder;
  // index.json names the files: none of them may lead outside the folder.
  const inside = (file: string) => {
    const full = path.resolve(data, file);
    return full.startsWith(`${data}${path.sep}`) ? full : null;
  };
  return {
    async bytes(file) {
      const full = inside(file);
      return full ? readFile(full).catch(() => null) : null;
    },
    async fetch(file, keep, keepUpTo, scratch) {
      const full = inside(file);
      const found = full ? await stat(full).catch(() => null) : null;
      if (!full || !found?.isFile()) return null;
      // The folder's own file stands for itself: nothing is copied.
      const read = await received(createReadStream(full), keep && found.size <= keepUpTo, keepUpTo, scratch);
      return found.size <= keepUpTo || !keep ? read : { ...read, json: full };
    },
  };
}

/** Above this many bytes a JSON file is checked against its schema a piece at a time
 *  (json-stream.ts): whole, the 952 MB entries.json of 1,000,000 entries cannot be one string. */
export const WHOLE_JSON_UP_TO = 128 * 1024 * 1024;

/** A file's schema errors (instance path and message, the first few), 'not JSON', or null when it matches. */
export type SchemaCheck = (source: JsonSource, wholeUpTo: number) => Promise<string[] | 'not JSON' | null>;

const errorsOf = (errors: ErrorObject[] | null | undefined, under = '') => (errors ?? []).map((e) => `${under}${e.instancePath || (under ? '' : '/')} ${e.message}`);

/**
 * Checks files against one JSON Schema. A file up to `wholeUpTo` bytes is parsed whole. A larger
 * one (given as its path, or as bytes) is read twice as a stream: each element of an array directly under its top-level object is
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
  return async (source, wholeUpTo) => {
    // A file's path is given for one too large to hold: it is read as a stream.
    if (typeof source !== 'string' && source.byteLength <= wholeUpTo) {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(source).toString('utf8'));
      } catch {
        return 'not JSON';
      }
      return whole(value) ? null : errorsOf(whole.errors);
    }
    parts ??= compileParts();
    const errors: string[] = [];
    let rest: unknown;
    try {
      rest = await withArraysEmptied(source, [...parts.items.keys()]);
      for (const [key, validate] of parts.items) {
        const members = rest as Record<string, unknown>;
        if (!members || typeof members !== 'object' || !Array.isArray(members[key])) continue;
        let count = 0;
        for await (const item of arrayItems(source, key)) {
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
  const reader = await readerFor(options.source);
  const [indexBytes, signature] = await Promise.all([reader.bytes(INDEX_FILE), reader.bytes(SIGNATURE_FILE)]);
  if (!indexBytes) return (failures.push(`${INDEX_FILE}：无法获取 / could not be fetched`), result(null, 0));
  if (!signature) return (failures.push(`${SIGNATURE_FILE}：无法获取，无法核验签名 / could not be fetched, signature not checked`), result(null, 0));

  let keyPem = options.publicKeyPem;
  if (!keyPem) {
    const published = await reader.bytes(PUBLIC_KEY_FILE);
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
  const keepUpTo = options.wholeJsonUpTo ?? WHOLE_JSON_UP_TO;
  // Large downloads are checked from temporary files, one at a time, all removed at the end.
  let scratchDir: Promise<string> | undefined;
  const scratch = () => (scratchDir ??= mkdtemp(path.join(tmpdir(), 'gongshi-verify-')));
  let checked = 0;
  /** Fetches and hashes a listed file; its content for the schema check if it has a schema and is what index.json says. */
  const fetchListed = async (file: DataIndex['files'][number], keep: boolean): Promise<Fetched | null> => {
    // A listed path is fetched relative to /data/: nothing absolute, no way up, no other host.
    if (typeof file.path !== 'string' || !/^[\w.-]+(\/[\w.-]+)*$/.test(file.path) || file.path.split('/').includes('..')) {
      failures.push(`${JSON.stringify(file.path)}：index.json 中的路径无效，未获取 / invalid path in index.json, not fetched`);
      return null;
    }
    const fetched = await reader.fetch(file.path, keep, keepUpTo, scratch);
    if (!fetched) {
      failures.push(`${file.path}：index.json 列出但无法获取 / listed in index.json but could not be fetched`);
      return null;
    }
    checked++;
    if (fetched.size !== file.size) failures.push(`${file.path}：大小不符（应为 ${file.size} 字节，实为 ${fetched.size}）/ size mismatch (expected ${file.size} bytes, got ${fetched.size})`);
    if (fetched.sha256 !== file.sha256) {
      failures.push(`${file.path}：SHA-256 不符，文件被改动或不完整 / SHA-256 mismatch: the file was changed or is incomplete (expected ${file.sha256}, got ${fetched.sha256})`);
      return null;
    }
    return fetched;
  };
  const checkSchema = async (file: string, source: JsonSource, schema: string) => {
    const check = validators.get(schema);
    if (!check) return;
    const verdict = await check(source, keepUpTo);
    if (verdict === 'not JSON') failures.push(`${file}：不是有效的 JSON / not valid JSON`);
    else if (verdict) failures.push(`${file}：不符合 ${schema}（${verdict.slice(0, 3).join('；')}）/ does not match ${schema}`);
  };
  try {
    const schemaFiles = new Set(listed.map((f) => f.schema).filter((s): s is string => !!s));
    // The schemas first (small files, kept whole), then every file in the order listed, one at a time.
    const schemaBytes = new Map<string, Uint8Array>();
    const schemasListed = listed.filter((f) => schemaFiles.has(f.path));
    for (const file of schemasListed) {
      const fetched = await fetchListed(file, true);
      if (fetched?.json) schemaBytes.set(file.path, typeof fetched.json === 'string' ? await readFile(fetched.json) : fetched.json);
    }
    for (const name of schemaFiles) {
      const bytes = schemaBytes.get(name);
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
    // A unit replays the versions' delta pieces and follows the courts' feeds: each must be a file the index lists (and so checked).
    const pieces = [
      ...(Array.isArray(index.versions) ? index.versions : []).flatMap((v) => (Array.isArray(v.deltas) ? v.deltas : [])),
      ...(Array.isArray(index.courts) ? index.courts : []).flatMap((c) => (Array.isArray(c.feed) ? c.feed : [])),
    ];
    for (const piece of pieces) {
      if (listed.every((f) => f.path !== piece)) failures.push(`${piece}：index.json 的 versions 或 courts 列出的分片不在其文件清单中 / a piece named under versions or courts is not among the listed files`);
    }
    await checkSchema(INDEX_FILE, indexBytes, 'index.schema.json');
    for (const file of listed) {
      if (schemasListed.includes(file)) {
        const bytes = schemaBytes.get(file.path);
        if (bytes && file.schema) await checkSchema(file.path, bytes, file.schema);
        continue;
      }
      const fetched = await fetchListed(file, !!file.schema && validators.has(file.schema));
      if (fetched?.json !== undefined && file.schema) await checkSchema(file.path, fetched.json, file.schema);
      // A download's temporary copy goes once checked (the folder's own file is never removed).
      if (typeof fetched?.json === 'string' && scratchDir && fetched.json.startsWith(await scratchDir)) await rm(fetched.json, { force: true });
    }
  } finally {
    if (scratchDir) await rm(await scratchDir, { recursive: true, force: true });
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
