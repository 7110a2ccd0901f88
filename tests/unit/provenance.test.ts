// Where each published record came from (issue #13 item 5): batch file, its SHA-256, the court
// that signed it, the day it was received, the versions that first published and last changed
// it; and signed batches: when content/site.json requires them, a batch without a valid
// signature publishes nothing, while decisions are always applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { findReadableIdNumbers } from '../../scripts/lib/shared/rules/id-number.ts';
import { newCourtKeyPair, parsePrivateKey, parsePublicKey, sha256Hex, signatureOf, signBatch, signerOf } from '../../scripts/lib/batch-signature.ts';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { CSV_COLUMNS, COLUMN_LABELS } from '../../scripts/lib/export-columns.ts';
import { PROVENANCE_LABELS } from '../../scripts/lib/schema/provenance.ts';
import { buildFixture, ROOT } from '../helpers/build-fixture.ts';
import { contentFolder, decisionRow, idNumber, orgRow, personRow, removeFolder, type Row } from '../fixtures/unit/records.ts';

const run = promisify(execFile);
const PINGSHAN = '本溪市平山区人民法院';
const XIHU = '本溪市溪湖区人民法院';

function court(name: string, signingKeys?: string[]): Row {
  return { name, address: '示例地址（虚构）', phone: '024-0000-0000（虚构）', hours: '工作日（虚构）', superiorCourt: '本溪市中级人民法院', ...(signingKeys ? { signingKeys } : {}) };
}

const pingshanKey = newCourtKeyPair();
const xihuKey = newCourtKeyPair();
const courtsJson = (keys = true) => JSON.stringify({ courts: [court(PINGSHAN, keys ? [pingshanKey.publicKey] : undefined), court(XIHU, keys ? [xihuKey.publicKey] : undefined)] });
const siteJson = (requireSignedBatches: boolean) => JSON.stringify({ city: '本溪市', sampleData: true, requireSignedBatches });
const batch = (rows: Row[]) => Buffer.from(JSON.stringify(rows, null, 2));
const sig = (bytes: Uint8Array, key: { privateKeyPem: string }) => signBatch(bytes, parsePrivateKey(key.privateKeyPem));

/** Bytes a court signed, then changed by one character: what a tampered batch looks like. */
function tampered(bytes: Buffer, from: string, to: string): Buffer {
  const text = bytes.toString('utf8');
  assert.ok(text.includes(from));
  return Buffer.from(text.replace(from, to));
}

test('a batch signature verifies for the court whose key made it, and not after one flipped byte or under another court\'s key', () => {
  const bytes = batch([personRow()]);
  const signature = signatureOf(Buffer.from(sig(bytes, pingshanKey)))!;
  const keys = [{ court: PINGSHAN, key: parsePublicKey(pingshanKey.publicKey)! }, { court: XIHU, key: parsePublicKey(xihuKey.publicKey)! }];
  assert.equal(signerOf(bytes, signature, keys), PINGSHAN);
  const flipped = Buffer.from(bytes);
  flipped[10] = flipped[10]! ^ 1;
  assert.equal(signerOf(flipped, signature, keys), null);
  assert.equal(signerOf(bytes, signature, keys.slice(1)), null);
  assert.equal(signatureOf(signature)?.equals(signature), true, 'a .sig of the 64 raw bytes is read too');
  assert.equal(signatureOf(Buffer.from('not a signature')), null);
  assert.equal(parsePublicKey('MCowBQYDK2VwAyEA'), null, 'a truncated key is not a key');
});

test('with signed batches required, an unsigned and a tampered batch publish nothing, are reported by file in Chinese, and a decision on a record of the tampered batch is applied', async (t) => {
  const signed = batch([orgRow()]);
  const original = batch([personRow(), personRow({ id: 'p-002', name: '孙改动', idNumber: idNumber('210502', '19800101', '456'), caseNumber: '(2024)辽0502执124号' })]);
  const unsigned = batch([personRow({ id: 'p-003', name: '李无签', idNumber: idNumber('210502', '19790202', '789'), caseNumber: '(2024)辽0502执125号' })]);
  const root = await contentFolder({
    'site.json': siteJson(true),
    'courts.json': courtsJson(),
    'entries/xihu.json': signed,
    'entries/xihu.json.sig': sig(signed, xihuKey),
    'entries/pingshan.json': tampered(original, '孙改动', '孙改过'),
    'entries/pingshan.json.sig': sig(original, pingshanKey),
    'entries/unsigned.json': unsigned,
    'decisions/a.json': [decisionRow({ entryId: 'p-001' })],
  });
  t.after(() => removeFolder(root));
  const { state, sensitive, problems } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.entries.map((e) => [e.id, e.sourceFile, e.sourceSha256, e.signedBy]), [['o-001', 'xihu.json', sha256Hex(signed), XIHU]]);
  // The decision names a record of the refused batch: it is taken down with its notice all the same.
  assert.deepEqual(state.gone.map((g) => [g.id, g.type, g.docNumber]), [['p-001', '屏蔽', '(2024)辽0502执123号之一']]);
  assert.deepEqual(state.counts, { received: 4, published: 1, withheld: 2, expired: 0, decided: 1 });
  for (const id of ['p-001', 'p-002', 'p-003']) assert.ok(sensitive.some((s) => s.id === id), `${id} stays a hidden party`);
  const unsignedProblem = problems.find((p) => p.file.endsWith('unsigned.json'))!;
  assert.match(unsignedProblem.message, /批次文件 unsigned\.json 没有签名文件 unsigned\.json\.sig/);
  assert.match(unsignedProblem.action!, /不予发布/);
  const tamperedProblem = problems.find((p) => p.file.endsWith('pingshan.json'))!;
  assert.match(tamperedProblem.message, /批次文件 pingshan\.json 的签名验证失败：文件在签名后被改动过/);
});

test('a correctly signed batch publishes with its signer; a signed batch cannot list another court\'s entry', async (t) => {
  const bytes = batch([personRow(), orgRow()]);
  const root = await contentFolder({ 'site.json': siteJson(true), 'courts.json': courtsJson(), 'entries/pingshan.json': bytes, 'entries/pingshan.json.sig': sig(bytes, pingshanKey) });
  t.after(() => removeFolder(root));
  const { state, problems } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.entries.map((e) => [e.id, e.signedBy]), [['p-001', PINGSHAN]]);
  const foreign = problems.find((p) => p.recordId === 'o-001')!;
  assert.equal(foreign.fieldLabel, '执行法院');
  assert.match(foreign.message, /由“本溪市平山区人民法院”签名，但此记录的执行法院是“本溪市溪湖区人民法院”/);
});

test('without the requirement an unsigned batch publishes, but a signature that does not match still refuses its batch', async (t) => {
  const good = batch([personRow()]);
  const other = batch([orgRow()]);
  const root = await contentFolder({ 'site.json': siteJson(false), 'courts.json': courtsJson(), 'entries/a.json': good, 'entries/b.json': other, 'entries/b.json.sig': sig(good, xihuKey) });
  t.after(() => removeFolder(root));
  const { state, problems } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.entries.map((e) => [e.id, e.signedBy ?? null]), [['p-001', null]]);
  assert.ok(problems.some((p) => p.file.endsWith('b.json') && p.code === 'SignatureInvalid'));
});

test('a site.json with a mistake elsewhere keeps requiring signed batches', async (t) => {
  const bytes = batch([personRow()]);
  const root = await contentFolder({ 'site.json': JSON.stringify({ city: 1, requireSignedBatches: true }), 'courts.json': courtsJson(), 'entries/a.json': bytes });
  t.after(() => removeFolder(root));
  const { state } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.entries, []);
});

test('npm run sign-batch makes a court key and signs batches that a build then publishes as signed by that court', async (t) => {
  const keyDir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-key-'));
  const bytes = batch([personRow()]);
  const root = await contentFolder({ 'site.json': siteJson(true), 'entries/pingshan.json': bytes });
  t.after(async () => {
    await removeFolder(root);
    await rm(keyDir, { recursive: true, force: true });
  });
  const keyFile = path.join(keyDir, 'pingshan.key');
  const made = await run(process.execPath, ['scripts/sign-batch.ts', '--new-key', keyFile], { cwd: ROOT });
  const publicKey = /^(MCowBQYDK2VwAyEA[A-Za-z0-9+/=]+)$/m.exec(made.stdout)![1]!;
  assert.equal((await stat(keyFile)).mode & 0o077, 0, 'the private key is readable by its owner only');
  await assert.rejects(run(process.execPath, ['scripts/sign-batch.ts', '--new-key', keyFile], { cwd: ROOT }), 'an existing key is never overwritten');
  await writeFile(path.join(root, 'courts.json'), JSON.stringify({ courts: [court(PINGSHAN, [publicKey])] }));
  await run(process.execPath, ['scripts/sign-batch.ts', path.join(root, 'entries/pingshan.json'), '--key', keyFile], { cwd: ROOT });
  const { state, problems } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  assert.deepEqual(state.entries.map((e) => [e.id, e.signedBy]), [['p-001', PINGSHAN]]);
});

/** Every file of a release as text (compressed copies and the workbook aside: they hold what their sources hold). */
async function releaseTexts(live: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const rel of await readdir(live, { recursive: true })) {
    if (/\.(gz|br|xlsx|png|ico|woff2?)$/.test(rel)) continue;
    const text = await readFile(path.join(live, rel), 'utf8').catch(() => null);
    if (text !== null) texts.set(rel, text);
  }
  return texts;
}

type Json = Record<string, unknown>;
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Json;

test('an entry carries its provenance across two builds: batch file, hash, received date, the version that first published it and the one that last changed it', async (t) => {
  const keep = batch([personRow({ id: 'p-005', name: '周不变', idNumber: idNumber('210502', '19700303', '135'), caseNumber: '(2024)辽0502执126号' })]);
  const first = batch([personRow(), orgRow()]);
  const root = await contentFolder({ 'entries/0-keep.json': keep, 'entries/1-first.json': first });
  const out = await mkdtemp(path.join(os.tmpdir(), 'gongshi-provenance-'));
  t.after(async () => {
    await removeFolder(root);
    await rm(out, { recursive: true, force: true });
  });
  await buildFixture({ content: root, out, today: '2026-11-26' });
  const v1 = (await readJson(path.join(out, 'site/data/changes.json'))).lastSeq as number;
  // Day 2: p-001's obligation changes and it moves to a new batch; o-001 is sent again unchanged in a changed file.
  await rm(path.join(root, 'entries/1-first.json'));
  const second = batch([personRow({ obligation: '偿还借款本金三万元' })]);
  const resent = batch([orgRow()]);
  await writeFile(path.join(root, 'entries/2-second.json'), second);
  await writeFile(path.join(root, 'entries/3-resent.json'), resent);
  await buildFixture({ content: root, out, today: '2026-11-27' });
  const v2 = (await readJson(path.join(out, 'site/data/changes.json'))).lastSeq as number;
  assert.ok(v2 > v1);

  const json = await readJson(path.join(out, 'site/data/entries.json'));
  const byId = new Map((json.entries as Json[]).map((e) => [e.id as string, e]));
  const provenance = (id: string) => Object.fromEntries(Object.keys(PROVENANCE_LABELS).map((k) => [k, byId.get(id)![k]]));
  assert.deepEqual(provenance('p-005'), { sourceFile: '0-keep.json', sourceSha256: sha256Hex(keep), signedBy: undefined, receivedOn: '2026-11-26', firstPublishedVersion: v1, lastChangedVersion: v1 });
  assert.deepEqual(provenance('p-001'), { sourceFile: '2-second.json', sourceSha256: sha256Hex(second), signedBy: undefined, receivedOn: '2026-11-27', firstPublishedVersion: v1, lastChangedVersion: v2 });
  // Sent again with the same public data in another file: not a change, so its published data
  // still comes from the first file (provenance moves only with a change event, so a unit that
  // follows the deltas holds exactly what entries.json says).
  assert.deepEqual(provenance('o-001'), { sourceFile: '1-first.json', sourceSha256: sha256Hex(first), signedBy: undefined, receivedOn: '2026-11-26', firstPublishedVersion: v1, lastChangedVersion: v1 });

  // entries.csv: the provenance columns, headed by their Chinese labels.
  const [header, ...rows] = parse((await readFile(path.join(out, 'site/data/entries.csv'), 'utf8')).slice(1)) as string[][];
  assert.deepEqual(header, CSV_COLUMNS.map((c) => COLUMN_LABELS[c]));
  const row = rows.find((r) => r[0] === '="p-001"')!;
  const cell = (field: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(field)];
  assert.deepEqual([cell('sourceFile'), cell('sourceSha256'), cell('receivedOn'), cell('firstPublishedVersion'), cell('lastChangedVersion')], ['2-second.json', `="${sha256Hex(second)}"`, '2026-11-27', String(v1), String(v2)]);

  const page = await readFile(path.join(out, 'site/entry/p-001/index.html'), 'utf8');
  const line = /<p[^>]*data-provenance[^>]*>([^]*?)<\/p>/.exec(page)![1]!.replace(/<[^>]+>/g, '');
  assert.match(line, new RegExp(`来源：批次文件 2-second\\.json（SHA-256 ${sha256Hex(second)}），未签名，2026年11月27日收到；第 ${v1} 版首次发布，第 ${v2} 版最近变更。`));
});

test('a build requiring signed batches publishes the signed batch, leaves nothing of a tampered or unsigned batch in any file, and still takes down an entry by decision', async (t) => {
  const pingshan = batch([personRow()]);
  const xihu = batch([orgRow()]);
  const root = await contentFolder({
    'site.json': siteJson(true),
    'courts.json': courtsJson(),
    'entries/pingshan.json': pingshan,
    'entries/pingshan.json.sig': sig(pingshan, pingshanKey),
    'entries/xihu.json': xihu,
    'entries/xihu.json.sig': sig(xihu, xihuKey),
  });
  const out = await mkdtemp(path.join(os.tmpdir(), 'gongshi-signed-'));
  t.after(async () => {
    await removeFolder(root);
    await rm(out, { recursive: true, force: true });
  });
  await buildFixture({ content: root, out, today: '2026-11-26' });
  const first = await readJson(path.join(out, 'site/data/entries.json'));
  assert.deepEqual((first.entries as Json[]).map((e) => [e.id, e.signedBy]).sort(), [['o-001', XIHU], ['p-001', PINGSHAN]]);

  // Day 2: someone edits the signed Pingshan batch, an unsigned batch appears, and the court takes p-001 down.
  await writeFile(path.join(root, 'entries/pingshan.json'), tampered(pingshan, '偿还借款本金五万元及利息', '偿还借款本金九十万元篡改标记'));
  await writeFile(path.join(root, 'entries/unsigned.json'), batch([personRow({ id: 'p-003', name: '李无签', idNumber: idNumber('210502', '19790202', '789'), caseNumber: '(2024)辽0502执125号', obligation: '未签标记乙' })]));
  await writeFile(path.join(root, 'decisions/a.json'), JSON.stringify([decisionRow({ entryId: 'p-001' })]));
  const { stderr } = await buildFixture({ content: root, out, today: '2026-11-27' });
  assert.match(stderr, /批次文件 pingshan\.json 的签名验证失败/);
  assert.match(stderr, /批次文件 unsigned\.json 没有签名文件 unsigned\.json\.sig/);

  const live = path.join(out, 'site');
  const changes = await readJson(path.join(live, 'data/changes.json'));
  const del = (changes.events as Json[]).find((e) => e.op === 'DEL' && e.entryId === 'p-001')!;
  assert.deepEqual([del.type, del.decisionId], ['屏蔽', 'dc-001'], 'the decision is applied, not a data-problem withdrawal');
  assert.match(await readFile(path.join(live, 'entry/p-001/index.html'), 'utf8'), /依法屏蔽/);
  const second = await readJson(path.join(live, 'data/entries.json'));
  assert.deepEqual((second.entries as Json[]).map((e) => e.id), ['o-001']);
  for (const [rel, text] of await releaseTexts(live)) {
    for (const trace of ['篡改标记', '九十万元', '李无签', '未签标记乙', 'p-003', 'unsigned.json', '(2024)辽0502执125号']) assert.ok(!text.includes(trace), `${rel} holds ${trace}`);
  }
});

/**
 * The batch's bytes with trailing whitespace (which JSON reading skips) chosen so that their
 * SHA-256 holds eighteen digits a reader takes for a valid ID number born by `bornBy`. Rare: the
 * first such padding of [personRow()] is number 43,359,238 (found by searching from 0 for 200 s),
 * so the search starts there; a changed fixture needs that search once more.
 */
function batchWithIdLikeDigest(rows: Row[], bornBy: string, from = 43_359_238): { bytes: Buffer; run: string } {
  const text = JSON.stringify(rows, null, 2);
  for (let k = from; k < from + 1_000_000; k++) {
    const bytes = Buffer.from(text + k.toString(2).replace(/0/g, ' ').replace(/1/g, '\n'));
    const [run] = findReadableIdNumbers(sha256Hex(bytes), new Set(), bornBy);
    if (run) return { bytes, run };
  }
  throw new Error(`no padding from ${from} on gives an ID-like digest: search again from 0 and pass what it finds`);
}

test('a batch whose SHA-256 holds digits that read as an ID number is published with its digest on every page and download, and verify passes it', async (t) => {
  const { bytes, run: digits } = batchWithIdLikeDigest([personRow()], '2026-11-26');
  const digest = sha256Hex(bytes);
  const root = await contentFolder({ 'entries/a.json': bytes });
  const out = await mkdtemp(path.join(os.tmpdir(), 'gongshi-provenance-'));
  t.after(async () => {
    await removeFolder(root);
    await rm(out, { recursive: true, force: true });
  });
  const { state, problems } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), [], 'the digest is the pipeline\'s own: no one wrote an ID number into the batch');
  assert.deepEqual(state.entries.map((e) => [e.id, e.sourceSha256]), [['p-001', digest]]);
  await buildFixture({ content: root, out });
  const page = await readFile(path.join(out, 'site/entry/p-001/index.html'), 'utf8');
  assert.ok(page.includes(digest), 'the entry page shows the digest');
  assert.ok((await readFile(path.join(out, 'site/data/entries.csv'), 'utf8')).includes(digest));
  const verified = await run(process.execPath, ['scripts/verify.ts', '--content', root, '--out', out, '--today', '2026-11-26'], { cwd: ROOT });
  assert.match(verified.stdout, /✓ 隐私检查通过/);
  // The run is ignored only where the digest holds it: the same digits written into content are withheld.
  const written = await contentFolder({ 'entries/a.json': batch([personRow({ obligation: `偿还借款，见 ${digits}` })]) });
  t.after(() => removeFolder(written));
  const withheld = await loadPublishState(written, '2026-11-26');
  assert.deepEqual(withheld.state.entries, []);
  assert.ok(withheld.problems.some((p) => p.recordId === 'p-001' && p.field === 'obligation'));
});
