// Open data a unit's system can trust and follow (#13 items 2 and 3): every data file matches a
// JSON Schema made from the project's zod schemas; index.json, signed with Ed25519, names every
// file's size and SHA-256; deltas and per-court feeds bring a copy from any version to the
// current list. These build real sites and check them the way a unit would: with
// verify-download, ajv and its own replay of the deltas.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { watch } from 'node:fs';
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020.js';
import { buildSite } from '../../scripts/build.ts';
import { sha256Hex } from '../../scripts/lib/batch-signature.ts';
import { publishDecisions, recordDecision } from '../../scripts/delist.ts';
import { applyDeltas, deltaFiles, type DeltaEvent } from '../../scripts/lib/deltas.ts';
import type { ChangeEvent } from '../../scripts/lib/build-state.ts';
import { LiveIndexFormatChanged, writeOpenData, type DataIndex } from '../../scripts/lib/open-data.ts';
import type { PublishedEntry } from '../../scripts/lib/publish-state.ts';
import { jsonSchemaOf, SCHEMA_FILES, type SchemaFile } from '../../scripts/lib/schema/published.ts';
import { signDetached, signingKeyFor, SigningKeyError, THROWAWAY_KEY_FILE } from '../../scripts/lib/signing.ts';
import { verifyDownload } from '../../scripts/verify-download.ts';
import { FIXTURE_TODAY, ROOT } from '../helpers/build-fixture.ts';
import { AS_OF, contentFolder, decisionRow, idNumber, orgRow, creditCode, personRow, removeFolder, type Row } from '../fixtures/unit/records.ts';

const run = promisify(execFile);
const scratch = () => mkdtemp(path.join(os.tmpdir(), 'gongshi-open-data-'));

/** The real sample content, built once for the schema and signature tests. */
let sample: { out: string; site: string };
before(async () => {
  const out = await scratch();
  await buildSite({ content: path.join(ROOT, 'content'), out, today: FIXTURE_TODAY, strict: false, quiet: true });
  sample = { out, site: await realpath(path.join(out, 'site')) };
});
after(() => removeFolder(sample.out));

const readJson = async <T,>(file: string) => JSON.parse(await readFile(file, 'utf8')) as T;

/** A copy of the sample's /data/ folder (all verify-download reads) a test may tamper with. */
async function copyOfSample(): Promise<string> {
  const copy = path.join(await scratch(), 'site');
  await cp(path.join(sample.site, 'data'), path.join(copy, 'data'), { recursive: true, filter: (f) => !/\.(gz|br)$/.test(f) });
  return copy;
}

test('every JSON file under /data/ of the sample build matches the JSON Schema zod makes for it, and that schema is the one published beside it', async () => {
  const data = path.join(sample.site, 'data');
  const index = await readJson<DataIndex>(path.join(data, 'index.json'));
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
  const jsonFiles = (await readdir(data, { recursive: true })).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
  assert.ok(jsonFiles.some((f) => f.startsWith('deltas/')) && jsonFiles.some((f) => f.startsWith('courts/')), 'the sample has deltas and court feeds');
  for (const file of jsonFiles) {
    const schema = file === 'index.json' ? 'index.schema.json' : index.files.find((f) => f.path === file)?.schema;
    assert.ok(schema, `${file} names no schema in index.json`);
    const published = await readJson<object>(path.join(data, schema));
    assert.deepEqual(published, jsonSchemaOf(schema as SchemaFile), `${schema} is not what zod makes`);
    const validate = ajv.getSchema(schema) ?? ajv.compile(published);
    assert.ok(validate(await readJson(path.join(data, file))), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  for (const name of Object.keys(SCHEMA_FILES)) assert.ok(index.files.some((f) => f.path === name), `${name} is listed in index.json`);
});

test('the JSON Schemas reject a file that breaks the record format: an unknown field, a missing field, a name in a DEL event', async () => {
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
  const entries = await readJson<{ entries: Record<string, unknown>[] }>(path.join(sample.site, 'data/entries.json'));
  const entriesSchema = ajv.compile(jsonSchemaOf('entries.schema.json'));
  assert.ok(entriesSchema(entries));
  const withIdNumber = structuredClone(entries);
  withIdNumber.entries[0]!.idNumber = '210502198503151234';
  assert.equal(entriesSchema(withIdNumber), false, 'an entry with a full ID number field is refused');
  const withoutCourt = structuredClone(entries);
  delete withoutCourt.entries[0]!.court;
  assert.equal(entriesSchema(withoutCourt), false);
  const delta = ajv.compile(jsonSchemaOf('delta.schema.json'));
  const del = { seq: 2, op: 'DEL', id: 'p-1', type: '屏蔽', date: '2026-11-20', court: '本溪市平山区人民法院', caseNumber: '(2024)辽0502执1号' };
  const piece = { format: 'gongshi-delta/2', version: 2, previous: 1, date: '2026-11-26T01:02:03.000Z', part: 1, parts: 1 };
  assert.ok(delta({ ...piece, events: [del] }));
  assert.equal(delta({ ...piece, events: [{ ...del, name: '赵建国' }] }), false);
});

test('verify-download accepts a fresh build: signature, every size and SHA-256, every schema', async () => {
  const pem = await readFile(path.join(sample.site, 'data/signing-key.pem'), 'utf8');
  const pinned = await verifyDownload({ source: sample.site, publicKeyPem: pem });
  assert.deepEqual(pinned.failures, []);
  assert.ok(pinned.ok);
  assert.equal(pinned.checked, pinned.index!.files.length);
  // Without --key it trusts the published key, and says that this is weak.
  const firstUse = await verifyDownload({ source: sample.site });
  assert.ok(firstUse.ok);
  assert.ok(firstUse.warnings.some((w) => w.includes('--key') && w.includes('trust on first use')));
  assert.ok(firstUse.warnings.some((w) => w.includes('throwaway')), 'the sample build is signed by a throwaway key and says so');
});

test('verify-download fails on one flipped byte, naming the file', async () => {
  const copy = await copyOfSample();
  const file = path.join(copy, 'data/entries.json');
  const bytes = await readFile(file);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  await writeFile(file, bytes);
  const outcome = await verifyDownload({ source: copy });
  assert.equal(outcome.ok, false);
  assert.ok(outcome.failures.some((f) => f.startsWith('entries.json：SHA-256 不符')), outcome.failures.join('\n'));
  await rm(path.dirname(copy), { recursive: true, force: true });
});

test('verify-download fails when two files are swapped, though each is a valid file of the list', async () => {
  const copy = await copyOfSample();
  const courts = (await readdir(path.join(copy, 'data/courts'), { recursive: true })).filter((f) => f.endsWith('.json'));
  assert.ok(courts.length >= 2);
  const [a, b] = courts.map((f) => path.join(copy, 'data/courts', f));
  await rename(a!, `${a}.x`);
  await rename(b!, a!);
  await rename(`${a}.x`, b!);
  const outcome = await verifyDownload({ source: copy });
  assert.equal(outcome.ok, false);
  for (const f of courts.slice(0, 2)) assert.ok(outcome.failures.some((line) => line.startsWith(`courts/${f}：`)), `${f} is named`);
  await rm(path.dirname(copy), { recursive: true, force: true });
});

test('verify-download fails with a wrong key, and when index.json is changed after signing', async () => {
  const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const wrongKey = await verifyDownload({ source: sample.site, publicKeyPem: other });
  assert.equal(wrongKey.ok, false);
  assert.match(wrongKey.failures[0]!, /^index\.json：签名与公钥不符/);

  const copy = await copyOfSample();
  const index = path.join(copy, 'data/index.json');
  // A forger who rewrites a hash in the index to match a changed file: the signature catches it.
  await writeFile(index, (await readFile(index, 'utf8')).replace(/"sha256": "[0-9a-f]/, '"sha256": "0'));
  const tampered = await verifyDownload({ source: copy });
  assert.equal(tampered.ok, false);
  assert.match(tampered.failures[0]!, /^index\.json：签名与公钥不符/);
  await rm(path.dirname(copy), { recursive: true, force: true });
});

test('verify-download fetches nothing outside /data/, even when a signed index.json lists it', async () => {
  const copy = await copyOfSample();
  const file = path.join(copy, 'data/index.json');
  const index = await readJson<DataIndex>(file);
  index.files.push({ path: '../robots.txt', size: 1, sha256: '0'.repeat(64) }, { path: 'https://example.invalid/x', size: 1, sha256: '0'.repeat(64) });
  const text = Buffer.from(JSON.stringify(index));
  await writeFile(file, text);
  await writeFile(path.join(copy, 'data/index.json.sig'), signDetached(text, await signingKeyFor(sample.out, {})));
  const outcome = await verifyDownload({ source: copy });
  assert.deepEqual(outcome.failures, ['"../robots.txt"：index.json 中的路径无效，未获取 / invalid path in index.json, not fetched', '"https://example.invalid/x"：index.json 中的路径无效，未获取 / invalid path in index.json, not fetched']);
  await rm(path.dirname(copy), { recursive: true, force: true });
});

test('verify-download fails when a version or a court feed names a piece that index.json does not list as a file', async () => {
  const copy = await copyOfSample();
  const file = path.join(copy, 'data/index.json');
  const index = await readJson<DataIndex>(file);
  index.versions[0]!.deltas.push('deltas/1/99.json');
  index.courts[0]!.feed.push(`courts/${index.courts[0]!.slug}/99.json`);
  const text = Buffer.from(JSON.stringify(index));
  await writeFile(file, text);
  await writeFile(path.join(copy, 'data/index.json.sig'), signDetached(text, await signingKeyFor(sample.out, {})));
  const outcome = await verifyDownload({ source: copy });
  assert.deepEqual(outcome.failures.map((f) => f.split('：')[0]), ['deltas/1/99.json', `courts/${index.courts[0]!.slug}/99.json`]);
  await rm(path.dirname(copy), { recursive: true, force: true });
});

test('verify-download checks a JSON file too large to parse whole a piece at a time, to the same verdict: a fresh build passes, a signed file that breaks its schema fails, named', async () => {
  // wholeJsonUpTo 0 streams every file, index.json too, as the 952 MB entries.json of 1,000,000 entries must be.
  const streamed = await verifyDownload({ source: sample.site, wholeJsonUpTo: 0 });
  assert.deepEqual(streamed.failures, []);

  const { copy, failure } = await schemaBreakingCopy();
  for (const wholeJsonUpTo of [0, Infinity]) {
    const outcome = await verifyDownload({ source: copy, wholeJsonUpTo });
    assert.deepEqual(outcome.failures, [failure], `wholeJsonUpTo ${wholeJsonUpTo}`);
  }
  await rm(path.dirname(copy), { recursive: true, force: true });
});

/** A copy whose entries.json breaks its schema (a full ID number field), signed by the publisher, so only the schema can catch it. */
async function schemaBreakingCopy(): Promise<{ copy: string; failure: string }> {
  const copy = await copyOfSample();
  const entriesFile = path.join(copy, 'data/entries.json');
  const entries = await readJson<{ entries: Record<string, unknown>[] }>(entriesFile);
  entries.entries.at(-1)!.idNumber = '210502198503151234';
  const bytes = Buffer.from(JSON.stringify(entries));
  await writeFile(entriesFile, bytes);
  const file = path.join(copy, 'data/index.json');
  const index = await readJson<DataIndex>(file);
  const listed = index.files.find((f) => f.path === 'entries.json')!;
  Object.assign(listed, { size: bytes.byteLength, sha256: sha256Hex(bytes) });
  const text = Buffer.from(JSON.stringify(index));
  await writeFile(file, text);
  await writeFile(path.join(copy, 'data/index.json.sig'), signDetached(text, await signingKeyFor(sample.out, {})));
  const last = `/entries/${entries.entries.length - 1}`;
  return { copy, failure: `entries.json：不符合 entries.schema.json（${last} must NOT have additional properties）/ does not match entries.schema.json` };
}

test('downloaded over HTTP, a file above the limit is never held whole: it is hashed as it arrives and checked from a temporary copy, removed afterwards, to the same verdict', async (t) => {
  const { copy, failure } = await schemaBreakingCopy();
  const data = path.join(copy, 'data');
  const server = createServer((request, response) => {
    const file = path.join(data, decodeURIComponent(new URL(request.url!, 'http://x').pathname.replace(/^\/data\//, '')));
    readFile(file).then((bytes) => response.end(bytes), () => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  // The temporary copies are made under the system's temporary folder: here, one watched.
  const tmp = await scratch();
  const made: string[] = [];
  const watcher = watch(tmp, { recursive: true }, (_event, name) => name && made.push(name));
  const tmpBefore = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  t.after(async () => {
    process.env.TMPDIR = tmpBefore;
    if (tmpBefore === undefined) delete process.env.TMPDIR;
    watcher.close();
    server.close();
    await rm(path.dirname(copy), { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
  });
  const limit = 4096;
  const index = await readJson<DataIndex>(path.join(data, 'index.json'));
  const large = index.files.filter((f) => f.schema && f.size > limit);
  assert.ok(large.some((f) => f.path === 'entries.json') && large.length >= 2, 'entries.json and more are above the limit');

  const outcome = await verifyDownload({ source: url, wholeJsonUpTo: limit });
  assert.deepEqual(outcome.failures, [failure]);
  assert.equal(outcome.checked, index.files.length);
  await new Promise((resolve) => setTimeout(resolve, 100)); // the watcher's last events
  assert.ok(made.filter((name) => name.endsWith('.json')).length >= large.length, `a temporary copy for each large JSON file: ${made.join(', ')}`);
  assert.deepEqual(await readdir(tmp), [], 'nothing left behind');
  // The same folder read locally checks the folder's own files, copying nothing.
  made.length = 0;
  assert.deepEqual((await verifyDownload({ source: copy, wholeJsonUpTo: limit })).failures, [failure]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(made, []);
});

test('npm run verify-download exits 0 on a fresh build and non-zero naming the file on a changed one, from a folder and from a URL', async () => {
  const cli = (...args: string[]) => run(process.execPath, ['scripts/verify-download.ts', ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  const good = await cli(sample.site, '--key', path.join(sample.site, 'data/signing-key.pem'));
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /核验通过 \/ verified/);

  const copy = await copyOfSample();
  const file = path.join(copy, 'data/cases.json');
  await writeFile(file, (await readFile(file, 'utf8')).replace('"count":', '"count": '));
  const bad = await cli(copy);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /✖ cases\.json：大小不符/);
  assert.match(bad.stderr, /✖ cases\.json：SHA-256 不符/);
  assert.match(bad.stderr, /核验失败/);
  await rm(path.dirname(copy), { recursive: true, force: true });

  // Over HTTP, as a unit fetches it: the site's own server.
  const port = 4400 + (process.pid % 500);
  const { spawn } = await import('node:child_process');
  const server = spawn(process.execPath, ['scripts/serve.ts', '--out', sample.out, '--port', String(port)], { cwd: ROOT, stdio: 'ignore' });
  try {
    let served = null as Awaited<ReturnType<typeof cli>> | null;
    for (let i = 0; i < 50 && !served; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const attempt = await cli(`http://127.0.0.1:${port}/`, '--key', path.join(sample.site, 'data/signing-key.pem'));
      if (!/无法获取/.test(attempt.stderr)) served = attempt;
    }
    assert.equal(served?.code, 0, served?.stderr);
  } finally {
    server.kill();
  }
});

test('the signing key comes from GONGSHI_SIGNING_KEY or a file outside the project; a throwaway key is kept per output folder', async () => {
  const out = await scratch();
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const fromEnv = await signingKeyFor(out, { GONGSHI_SIGNING_KEY: pem });
  assert.equal(fromEnv.throwaway, false);
  const keyFile = path.join(out, 'key.pem');
  await writeFile(keyFile, pem, { mode: 0o600 });
  assert.equal((await signingKeyFor(out, { GONGSHI_SIGNING_KEY_FILE: keyFile })).fingerprint, fromEnv.fingerprint);
  await assert.rejects(signingKeyFor(out, { GONGSHI_SIGNING_KEY_FILE: path.join(ROOT, 'content/site.json') }), (e: Error) => e instanceof SigningKeyError && e.code === 'SigningKeyInRepository');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await assert.rejects(signingKeyFor(out, { GONGSHI_SIGNING_KEY: rsa }), /需要 Ed25519 密钥/);
  const first = await signingKeyFor(out, {});
  assert.equal(first.throwaway, true);
  assert.equal((await signingKeyFor(out, {})).fingerprint, first.fingerprint, 'the same output folder keeps its throwaway key');
  await rm(out, { recursive: true, force: true });
});

test('crawlers are kept out of the deltas and court feeds, which hold every name as entries.json does', async () => {
  const robots = await readFile(path.join(sample.site, 'robots.txt'), 'utf8');
  assert.match(robots, /^Disallow: \/data\/deltas\/$/m);
  assert.match(robots, /^Disallow: \/data\/courts\/$/m);
});

test('the sample build publishes the public key and its fingerprint on the data page, says the key is a throwaway, and keeps the private key out of the release', async () => {
  const page = await readFile(path.join(sample.site, 'data/index.html'), 'utf8');
  const index = await readJson<DataIndex>(path.join(sample.site, 'data/index.json'));
  assert.ok(page.includes(index.signature.fingerprint.match(/.{4}/g)!.join(' ')), 'fingerprint shown');
  assert.match(page, /data-signing-throwaway/);
  assert.ok(page.includes((await readFile(path.join(sample.site, 'data/signing-key.pem'), 'utf8')).split('\n')[1]!));
  const privatePem = await readFile(path.join(sample.out, THROWAWAY_KEY_FILE), 'utf8');
  const secretLine = privatePem.split('\n')[1]!;
  for (const file of await readdir(sample.site, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const text = await readFile(path.join(file.parentPath, file.name), 'latin1');
    assert.ok(!text.includes('PRIVATE KEY') && !text.includes(secretLine), `${file.name} holds the private key`);
  }
});

// ——— Only what changed: a history of several publications, replayed from every version. ———

const PINGSHAN = '本溪市平山区人民法院';
const XIHU = '本溪市溪湖区人民法院';
const NAMES = ['赵一鸣', '钱二宝', '孙三立', '李四海', '周五洲', '吴六合', '郑七星', '冯八方', '陈九州', '褚十全', '卫百川', '蒋千里'];

function person(i: number, overrides: Row = {}): Row {
  const xihu = i % 3 === 0;
  return personRow({
    id: `p-${i}`,
    name: NAMES[i]!,
    idNumber: idNumber(xihu ? '210503' : '210502', '19800101', String(100 + 2 * i).padStart(3, '0')),
    court: xihu ? XIHU : PINGSHAN,
    district: xihu ? '溪湖区' : '平山区',
    caseNumber: xihu ? `(2025)辽0503执${i}号` : `(2025)辽0502执${i}号`,
    publishedOn: `2025-0${1 + (i % 8)}-1${i % 10}`,
    ...overrides,
  });
}
const company = orgRow({ id: 'o-1', name: '本溪市虚构钢材有限公司', creditCode: creditCode('91210503MA0Y3D8K3'), legalRepresentative: '沈万三', caseNumber: '(2025)辽0503执99号' });

/** The list a unit holds: entries.json's entries, in its order (publication date, newest first, then id). */
const listOf = (entries: Iterable<PublishedEntry>) => JSON.stringify([...entries].sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || a.id.localeCompare(b.id)));

test('a unit holding the list at any version reaches the current entries.json exactly by applying the deltas after it, through new batches, edits, decisions, a withdrawal, a return and a delisting', async (t) => {
  const content = await contentFolder({ 'site.json': JSON.stringify({ city: '本溪市', sampleData: true }) });
  const out = `${content}-out`;
  t.after(async () => {
    await removeFolder(content);
    await removeFolder(out);
  });
  const held = new Map<number, string>(); // version → the list as entries.json had it
  const publish = async (step: string) => {
    const site = await realpath(path.join(out, 'site'));
    const entries = await readJson<{ lastChangeSeq: number; entries: PublishedEntry[] }>(path.join(site, 'data/entries.json'));
    held.set(entries.lastChangeSeq, listOf(entries.entries));
    const verified = await verifyDownload({ source: site });
    assert.deepEqual(verified.failures, [], `after ${step}`);
  };
  const build = async (files: Record<string, Row[]>, step: string) => {
    for (const [file, rows] of Object.entries(files)) await writeFile(path.join(content, file), JSON.stringify(rows));
    await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
    await publish(step);
  };
  const batchA = [0, 1, 2, 3, 4, 5].map((i) => person(i));
  await build({ 'entries/a.json': batchA }, 'the first batch');
  // A second batch, an edit of an entry in the first, a decision on another.
  await build({
    'entries/a.json': batchA.map((r) => (r.id === 'p-1' ? { ...r, obligation: '偿还借款本金八万元及利息' } : r)),
    'entries/b.json': [6, 7, 8].map((i) => person(i)).concat([company]),
    'decisions/a.json': [decisionRow({ id: 'dc-1', entryId: 'p-2', court: PINGSHAN, decidedOn: '2026-11-20' })],
  }, 'a new batch, an edit and a decision');
  // p-4 drops out of the batches (withheld: 暂停公开), p-1 is edited again, p-7 too.
  await build({
    'entries/a.json': batchA.filter((r) => r.id !== 'p-4').map((r) => (r.id === 'p-1' ? { ...r, obligation: '偿还借款本金九万元' } : r)),
    'entries/b.json': [6, 7, 8].map((i) => person(i, i === 7 ? { performance: '部分未履行', performedPart: '已还一万元' } : {})).concat([company]),
  }, 'a withdrawal and two edits');
  // A delisting (a patch of the live release) is a version of its own.
  await recordDecision(content, { entryId: 'p-8', type: '撤销', reason: 'wrongful', docNumber: '(2026)辽0502执异8号', court: PINGSHAN, decidedOn: AS_OF });
  const outcome = await publishDecisions({ content, out, today: AS_OF });
  assert.equal(outcome.mode, 'patch', outcome.why?.message);
  await publish('a delisting');
  // p-4 returns, a new batch arrives.
  await build({
    'entries/a.json': batchA.map((r) => (r.id === 'p-1' ? { ...r, obligation: '偿还借款本金九万元' } : r)),
    'entries/c.json': [9, 10, 11].map((i) => person(i)),
  }, 'a return and a third batch');

  const site = await realpath(path.join(out, 'site'));
  const index = await readJson<DataIndex>(path.join(site, 'data/index.json'));
  const current = await readJson<{ lastChangeSeq: number; entries: PublishedEntry[] }>(path.join(site, 'data/entries.json'));
  assert.equal(index.version, current.lastChangeSeq);
  assert.deepEqual(index.versions.map((v) => v.version), [...held.keys()], 'every publication is a version, and every version is listed');
  assert.ok(index.versions.every((v, i) => v.previous === (index.versions[i - 1]?.version ?? 0)));
  const ops = index.versions.reduce((n, v) => ({ add: n.add + v.add, mod: n.mod + v.mod, del: n.del + v.del }), { add: 0, mod: 0, del: 0 });
  assert.ok(ops.add > 0 && ops.mod >= 3 && ops.del >= 3, `the history has every kind of event: ${JSON.stringify(ops)}`);
  const deltas = new Map<number, { events: DeltaEvent[] }[]>();
  for (const v of index.versions) deltas.set(v.version, await Promise.all(v.deltas.map((piece) => readJson<{ events: DeltaEvent[] }>(path.join(site, 'data', piece)))));

  for (const [version, list] of [[0, '[]'] as const, ...held]) {
    const after = index.versions.filter((v) => v.version > version).flatMap((v) => deltas.get(v.version)!);
    const replayed = applyDeltas(JSON.parse(list) as PublishedEntry[], after);
    assert.equal(listOf(replayed.values()), JSON.stringify(current.entries), `replayed from version ${version}`);
  }

  // DEL events carry id, type, document number and date, never a name; no delta or court feed
  // keeps any record of an entry that is no longer public.
  const gone = ['p-2', 'p-8'].map((id) => NAMES[Number(id.slice(2))]!);
  for (const file of (await readdir(path.join(site, 'data'), { recursive: true })).filter((f) => /^(deltas|courts)\/.*\.(json|atom)$/.test(f))) {
    const text = await readFile(path.join(site, 'data', file), 'utf8');
    for (const name of gone) assert.ok(!text.includes(name), `${file} names ${name}, who is no longer public`);
    if (!file.endsWith('.json')) continue;
    for (const event of (JSON.parse(text) as { events: DeltaEvent[] }).events) {
      if (event.op !== 'DEL') continue;
      assert.deepEqual(Object.keys(event).filter((k) => !['seq', 'op', 'id', 'type', 'date', 'docNumber', 'reason', 'court', 'caseNumber'].includes(k)), [], `${file} DEL ${event.seq}`);
      for (const name of NAMES) assert.ok(!JSON.stringify(event).includes(name), `${file} DEL ${event.seq} names ${name}`);
    }
  }
  const delisted = [...deltas.values()].flat().flatMap((d) => d.events).find((e) => e.op === 'DEL' && e.id === 'p-8');
  assert.deepEqual(delisted && { ...delisted, seq: 0 }, { seq: 0, op: 'DEL', id: 'p-8', type: '撤销', date: AS_OF, docNumber: '(2026)辽0502执异8号', reason: 'wrongful', court: PINGSHAN, caseNumber: '(2025)辽0502执8号' });

  // One court's feed holds exactly that court's events.
  const xihuFeed = index.courts.find((c) => c.slug === '0503')!;
  assert.deepEqual(xihuFeed.feed, ['courts/0503/1.json']);
  const xihu = await readJson<{ court: string; events: DeltaEvent[] }>(path.join(site, 'data', xihuFeed.feed[0]!));
  assert.equal(xihu.court, XIHU);
  assert.equal(xihuFeed.lastSeq, xihu.events.at(-1)!.seq);
  assert.deepEqual(xihu.events.map((e) => e.id).filter((id, i, all) => all.indexOf(id) === i).sort(), ['o-1', 'p-0', 'p-3', 'p-6', 'p-9'].sort());
  assert.match(await readFile(path.join(site, 'data/courts/0503.atom'), 'utf8'), /<title>本溪市溪湖区人民法院失信被执行人名单变更<\/title>/);
});

test('a delta carries a record only on its entry\'s latest event, and a DEL only id, type, date, document number, ground, court and case number', () => {
  const at = (n: number) => `2026-11-2${n}T08:00:00.000Z`;
  const changes = [
    { seq: 1, op: 'ADD', entryId: 'p-1', caseNumber: '(2025)辽0502执1号', court: PINGSHAN, date: '2025-03-01', recordedAt: at(1), hash: '0000000000000001' },
    { seq: 2, op: 'ADD', entryId: 'p-2', caseNumber: '(2025)辽0502执2号', court: PINGSHAN, date: '2025-03-02', recordedAt: at(1), hash: '0000000000000002' },
    { seq: 3, op: 'DEL', entryId: 'p-2', caseNumber: '(2025)辽0502执2号', court: PINGSHAN, date: '2026-11-20', recordedAt: at(2), type: '屏蔽', decisionId: 'dc-2', docNumber: '(2026)辽0502执异2号', reason: 'performed' },
    { seq: 4, op: 'MOD', entryId: 'p-1', caseNumber: '(2025)辽0502执1号', court: PINGSHAN, date: '2026-11-22', recordedAt: at(2), hash: '0000000000000003' },
  ] satisfies ChangeEvent[];
  const p1 = { id: 'p-1', name: '赵一鸣', court: PINGSHAN, publishedOn: '2025-03-01' } as PublishedEntry;
  const files = deltaFiles({ entries: [p1], courts: [{ name: PINGSHAN, slug: '0502', district: '平山区', count: 1, months: [] }], site: { city: '本溪市', sampleData: true } as never }, changes);
  assert.deepEqual([...files.keys()], ['deltas/2/1.json', 'deltas/4/1.json', 'courts/0502/1.json', 'courts/0502.atom']);
  const first = JSON.parse(files.get('deltas/2/1.json')!()) as { previous: number; events: DeltaEvent[] };
  assert.equal(first.previous, 0);
  assert.deepEqual(first.events.map((e) => 'entry' in e), [false, false], 'p-1 was changed since and p-2 has left: neither record is kept here');
  const second = JSON.parse(files.get('deltas/4/1.json')!()) as { previous: number; events: DeltaEvent[] };
  assert.equal(second.previous, 2);
  assert.deepEqual(second.events[0], { seq: 3, op: 'DEL', id: 'p-2', type: '屏蔽', date: '2026-11-20', docNumber: '(2026)辽0502执异2号', reason: 'performed', court: PINGSHAN, caseNumber: '(2025)辽0502执2号' });
  assert.deepEqual(second.events[1], { seq: 4, op: 'MOD', id: 'p-1', court: PINGSHAN, caseNumber: '(2025)辽0502执1号', date: '2026-11-22', entry: p1 });
  assert.deepEqual([...applyDeltas([], [first, second]).values()], [p1]);
});

// ——— Deltas in pieces: a removal costs the piece that held the record, not the version. ———

/** A valid published record (the schemas check it); four in five at one court. */
function record(i: number, name = `测试${String(i).padStart(5, '0')}`): PublishedEntry {
  const xihu = i % 5 !== 0;
  return {
    id: `p-${i}`, kind: 'person', name, gender: '男', age: 40, idNumberMasked: undefined,
    court: xihu ? XIHU : PINGSHAN, district: xihu ? '溪湖区' : '平山区', province: '辽宁省',
    caseNumber: `(2025)辽050${xihu ? 3 : 2}执${i}号`, caseNumberCanonical: `2025辽050${xihu ? 3 : 2}执${i}`,
    filedOn: '2025-01-02', basisDocNumber: `(2024)辽0502民初${i}号`, basisIssuer: PINGSHAN, obligation: '偿还借款',
    performance: '全部未履行', behaviours: [1], publishedOn: '2025-03-01', listingEndsOn: null,
  };
}

test('a removal rewrites only the delta piece and the court feed piece that held the removed entry, and every version and court feed still replays to entries.json', async (t) => {
  const dir = await scratch();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const key = await signingKeyFor(dir, {});
  // 25,000 records in a first version (three pieces); the removed one is in the second piece,
  // and in the second of its court's (20,000 events, then its DEL in a third).
  const count = 25_000;
  const gone = 15_001;
  const entries = Array.from({ length: count }, (_, i) => record(i, i === gone ? '赵建国' : undefined));
  const first: ChangeEvent[] = entries.map((e, i) => ({ seq: i + 1, op: 'ADD', entryId: e.id, caseNumber: e.caseNumber, court: e.court, date: e.publishedOn, recordedAt: '2026-11-20T08:00:00.000Z', hash: (i + 1).toString(16).padStart(16, '0') }));
  const removal: ChangeEvent = { seq: count + 1, op: 'DEL', entryId: `p-${gone}`, caseNumber: entries[gone]!.caseNumber, court: entries[gone]!.court, date: '2026-11-21', recordedAt: '2026-11-21T08:00:00.000Z', type: '屏蔽', decisionId: 'dc-1', docNumber: '(2026)辽0503执异1号', reason: 'performed' };
  const courts = [PINGSHAN, XIHU].map((name, i) => ({ name, slug: `050${2 + i}`, district: '', count: 0, months: [] }));
  const stateOf = (list: PublishedEntry[]) => ({ entries: list, courts, site: { city: '本溪市', sampleData: true } as never, asOf: '2026-11-21', builtAt: '2026-11-21T08:00:00.000Z', signingKey: key });
  const live = path.join(dir, 'live');
  const staged = path.join(dir, 'staged');
  await writeOpenData(live, dir, stateOf(entries), first, { key });
  const kept = entries.filter((_, i) => i !== gone);
  const changes = [...first, removal];
  const index = await writeOpenData(staged, dir, stateOf(kept), changes, { key, live, touched: new Set([`p-${gone}`]) });

  // Made at all (serialised, hashed): the pieces holding an event of the removed entry, and its court's Atom.
  assert.deepEqual([...deltaFiles(stateOf(kept), changes, new Set([`p-${gone}`])).keys()].sort(), [`courts/0503.atom`, `courts/0503/2.json`, `courts/0503/3.json`, `deltas/${count}/2.json`, `deltas/${count + 1}/1.json`]);
  // Staged: the piece that held the record and the new version; every other piece stays as live.
  const stagedDeltas = (await readdir(path.join(staged, 'data/deltas'), { recursive: true })).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(stagedDeltas, [`${count}/2.json`, `${count + 1}/1.json`]);
  assert.deepEqual(index.versions.map((v) => v.deltas), [[1, 2, 3].map((p) => `deltas/${count}/${p}.json`), [`deltas/${count + 1}/1.json`]]);
  // Of the courts: the removed entry's court's piece that held it, its last (the DEL), its Atom.
  const stagedCourts = (await readdir(path.join(staged, 'data/courts'), { recursive: true })).filter((f) => /\.(json|atom)$/.test(f)).sort();
  assert.deepEqual(stagedCourts, ['0503.atom', '0503/2.json', '0503/3.json']);
  assert.deepEqual(index.courts.map((c) => [c.slug, c.lastSeq, c.feed]), [['0502', count - 4, ['courts/0502/1.json']], ['0503', count + 1, [1, 2, 3].map((p) => `courts/0503/${p}.json`)]]);

  // The release a unit downloads: live, with the staged files over it.
  const merged = path.join(dir, 'merged');
  await cp(path.join(live, 'data'), path.join(merged, 'data'), { recursive: true });
  await cp(path.join(staged, 'data'), path.join(merged, 'data'), { recursive: true });
  const verified = await verifyDownload({ source: merged, publicKeyPem: key.publicKeyPem });
  assert.deepEqual(verified.failures, []);
  const pieces = new Map<number, { part: number; parts: number; events: DeltaEvent[] }[]>();
  for (const v of index.versions) pieces.set(v.version, await Promise.all(v.deltas.map((p) => readJson<{ part: number; parts: number; events: DeltaEvent[] }>(path.join(merged, 'data', p)))));
  assert.deepEqual(pieces.get(count)!.map((p) => [p.part, p.parts, p.events.length]), [[1, 3, 10_000], [2, 3, 10_000], [3, 3, 5_000]]);
  for (const [version, list] of [[0, []], [count, entries]] as const) {
    const replayed = applyDeltas(list, index.versions.filter((v) => v.version > version).flatMap((v) => pieces.get(v.version)!));
    assert.equal(listOf(replayed.values()), listOf(kept), `replayed from version ${version}`);
  }
  // A unit that follows one court: its feed's pieces, in order, give that court's entries.
  for (const court of index.courts) {
    const feed = await Promise.all(court.feed.map((p) => readJson<{ events: DeltaEvent[] }>(path.join(merged, 'data', p))));
    assert.equal(listOf(applyDeltas([], feed).values()), listOf(kept.filter((e) => e.court === court.court)), court.slug);
  }
  for (const file of await readdir(path.join(merged, 'data'), { recursive: true })) {
    if (/\.json$/.test(file)) assert.ok(!(await readFile(path.join(merged, 'data', file), 'utf8')).includes('赵建国'), `${file} keeps the removed person's name`);
  }
});

test('over a live release whose index.json has the older format (a whole delta per version), open data refuses to patch it: only a new release replaces its files (new code always makes one)', async (t) => {
  const dir = await scratch();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const key = await signingKeyFor(dir, {});
  const live = path.join(dir, 'live');
  await cp(path.join(sample.site, 'data/index.json'), path.join(live, 'data/index.json'));
  const old = path.join(live, 'data/index.json');
  await writeFile(old, (await readFile(old, 'utf8')).replace('"gongshi-index/2"', '"gongshi-index/1"'));
  const entry = record(1);
  const changes: ChangeEvent[] = [{ seq: 1, op: 'ADD', entryId: entry.id, caseNumber: entry.caseNumber, court: entry.court, date: entry.publishedOn, recordedAt: '2026-11-20T08:00:00.000Z', hash: '0000000000000001' }];
  const state = { entries: [entry], courts: [{ name: entry.court, slug: '0502', district: '', count: 1, months: [] }], site: { city: '本溪市', sampleData: true } as never, asOf: '2026-11-21', builtAt: '2026-11-21T08:00:00.000Z', signingKey: key };
  await assert.rejects(writeOpenData(path.join(dir, 'staged'), dir, state, changes, { key, live, touched: new Set([entry.id]) }), (e: Error) => e instanceof LiveIndexFormatChanged && /重写全部开放数据文件/.test(e.message));
});
