// The read cache (scripts/lib/read-cache.ts): a load that takes unchanged files' reads from it
// gives exactly what a load without it gives, reads afresh what changed, and trusts nothing it
// finds in the folder without checking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { loadPublishState, type LoadResult } from '../../scripts/lib/publish-state.ts';
import { READER_MODULES, ReadCache } from '../../scripts/lib/read-cache.ts';
import { readerCodeVersion, readerSources } from '../../scripts/lib/code-sources.ts';
import { entryHash, newChangeEvents } from '../../scripts/lib/build-state.ts';
import { UnreadableDecisionsError } from '../../scripts/lib/report.ts';
import { AS_OF, contentFolder, decisionRow, idNumber, orgRow, personRow, removeFolder, ROOT, type Row } from '../fixtures/unit/records.ts';

const valid = idNumber('210502', '19850315', '123');
const head = Object.keys(personRow()).join(',');
const cells = (row: Row) => Object.values(row).map((v) => (Array.isArray(v) ? v.join(';') : String(v))).join(',');

/** Content with a mistake of every kind a file can hold on its own, and of kinds that need two files or the date. */
const MISTAKES = {
  'entries/a.json': [
    personRow(),
    orgRow(),
    personRow({ id: 'p-002', name: '钱二', idNumber: valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0') }),
    personRow({ id: 'p-003', name: '张三', publishedOn: '2025-02-30' }),
    personRow({ id: 'p-004', name: '李四', court: '', 电话: '13912345678' }),
    personRow({ id: 'p-005', name: '王五', publishedOn: '2026-12-20' }),
    personRow({ id: 'p-006', name: '孙六', age: 16 }),
  ],
  'entries/b.csv': `${head}\n${cells(personRow({ id: 'p-001', name: '赵建军' }))}\n${cells(personRow({ id: 'p-031', name: '"孙丽' }))}\n${cells(personRow({ id: 'P-004', name: '李四' }))}\n`,
  'entries/c-twice.csv': `${head},是否公开,是否公开（是/否）\n${cells(personRow({ id: 'p-040' }))},否,\n`,
  'entries/d.jsonl': `${JSON.stringify(orgRow({ id: 'o-002', name: '本溪市另一家虚构公司' }))}\nnot json\n`,
  'decisions/a.json': [decisionRow({ id: 'dc-001', entryId: 'o-001', type: '删除', reason: 'wrongful' }), decisionRow({ id: 'dc-002', entryId: 'p-404' }), decisionRow({ id: 'dc-003', entryId: 'p-006', decidedOn: '2026-12-10' }), { id: 'dc-004', entryId: 'p-003', 备注: 'x' }],
  'cases/2025-01-01-good.md': '---\ntitle: 一个案例\ndate: 2025-01-01\ncourt: 本溪市平山区人民法院\ncategory: 典型案例\nsummary: 摘要\nbehaviours: [1]\nrelatedCaseNumbers: []\n---\n\n正文提到钱二。\n',
  'cases/bad.md': 'no frontmatter',
  'courts.json': JSON.stringify({ courts: [{ name: '本溪市平山区人民法院', address: '地址', phone: '12368', hours: '工作日', superiorCourt: '本溪市中级人民法院' }, { name: '' }] }),
};

async function tempDir(t: { after: (fn: () => Promise<void>) => void }, prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A load's outcome, a thrown UnreadableDecisionsError included, in a form deepEqual can compare. */
async function outcome(load: Promise<LoadResult>): Promise<LoadResult | { thrown: string; problems: unknown }> {
  try {
    return await load;
  } catch (error) {
    if (!(error instanceof UnreadableDecisionsError)) throw error;
    return { thrown: error.message, problems: error.problems };
  }
}

async function through(cache: ReadCache, root: string, asOf = AS_OF) {
  return outcome(loadPublishState(root, asOf, undefined, [], {}, { readCache: cache }));
}

test('a load with a warm read cache gives the same state, hidden parties, problems and batch hashes as a load without one', async (t) => {
  const root = await contentFolder(MISTAKES);
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const plain = await loadPublishState(root, AS_OF);
  assert.ok(plain.problems.length >= 12, 'the fixture plants problems of many kinds');
  const cold = new ReadCache(dir);
  assert.deepStrictEqual(await through(cold, root), plain);
  assert.equal(cold.stats.hits, 0);
  const warm = new ReadCache(dir);
  assert.deepStrictEqual(await through(warm, root), plain);
  // Every file's read came from the folder: the shape checks accept what the readers make.
  assert.deepEqual([warm.stats.hits, warm.stats.misses, warm.stats.rejected], [cold.stats.misses, 0, 0]);
  assert.equal((await readdir(dir)).length, cold.stats.misses);
});

test('one read cache used for load after load (a resident publisher) takes unchanged files\' reads from memory, without its folder, and gives the same outcome; a changed file is read afresh', async (t) => {
  const root = await contentFolder(MISTAKES);
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const plain = await loadPublishState(root, AS_OF);
  const resident = new ReadCache(dir, undefined, { remember: true });
  assert.deepStrictEqual(await through(resident, root), plain);
  const files = resident.stats.misses;
  // Gone from the folder: only memory can serve them now.
  await rm(dir, { recursive: true });
  assert.deepStrictEqual(await through(resident, root), plain);
  assert.deepEqual([resident.stats.hits, resident.stats.remembered, resident.stats.misses], [files, files, 0]);
  await writeFile(path.join(root, 'entries/a.json'), JSON.stringify([personRow()]));
  const edited = await loadPublishState(root, AS_OF);
  assert.deepStrictEqual(await through(resident, root), edited);
  assert.deepEqual([resident.stats.remembered, resident.stats.misses], [files - 1, 1]);
  // A process that publishes once keeps nothing in memory, and so freezes nothing.
  const once = new ReadCache(dir);
  await through(once, root);
  await rm(dir, { recursive: true });
  await through(once, root);
  assert.deepEqual([once.stats.remembered, once.stats.misses], [0, files]);
});

test('reads kept in memory are frozen: a publication that changed one in place would throw rather than change the next', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow(), personRow({ id: 'p-002', court: '' })] });
  t.after(() => removeFolder(root));
  const resident = new ReadCache(await tempDir(t, 'gongshi-read-cache-'), undefined, { remember: true });
  let read: unknown;
  resident.start();
  await resident.read('entries', path.join(root, 'entries/a.json'), new Uint8Array([1]), (v): v is unknown => true, () => (read = { rows: [{ entry: { name: '赵建军', behaviours: [1] } }] }));
  const kept = read as { rows: { entry: { name: string; behaviours: number[] } }[] };
  assert.throws(() => (kept.rows[0]!.entry.name = '别人'), TypeError);
  assert.throws(() => kept.rows[0]!.entry.behaviours.push(2), TypeError);
  assert.throws(() => kept.rows.pop(), TypeError);
  await resident.finish();
});

test('a new read-cache folder is open to the build\'s own user only: it holds withheld parties, full ID numbers of invalid rows included', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow({ court: '' })] });
  t.after(() => removeFolder(root));
  const dir = path.join(await tempDir(t, 'gongshi-read-cache-'), 'out', '.read-cache');
  await through(new ReadCache(dir), root);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  const kept = await Promise.all((await readdir(dir)).map((name) => readFile(path.join(dir, name))));
  assert.ok(kept.some((bytes) => bytes.includes(Buffer.from(String(personRow().idNumber), 'latin1'))), 'the full number of the row that failed validation is there: hence the mode');
});

test('the bundled sample content reads the same from a warm cache, every file from the cache', async (t) => {
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const content = path.join(ROOT, 'content');
  const plain = await loadPublishState(content, AS_OF);
  await loadPublishState(content, AS_OF, undefined, [], {}, { readCache: dir });
  const warm = new ReadCache(dir);
  assert.deepStrictEqual(await through(warm, content), plain);
  assert.equal(warm.stats.misses, 0);
  assert.ok(warm.stats.hits >= 20);
});

test('what depends on the date is decided again on every run: a kept read loaded on a later day gives what a fresh load on that day gives', async (t) => {
  const root = await contentFolder(MISTAKES);
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  await through(new ReadCache(dir), root, AS_OF);
  for (const day of ['2026-12-10', '2026-12-20', '2030-01-01']) {
    const warm = new ReadCache(dir);
    const later = await through(warm, root, day);
    assert.deepStrictEqual(later, await loadPublishState(root, day), day);
    assert.equal(warm.stats.misses, 0, day);
  }
  // The entry published on 2026-12-20 is absent the day before, present from that day.
  const ids = async (day: string) => (await loadPublishState(root, day, undefined, [], {}, { readCache: dir })).state.entries.map((e) => e.id);
  assert.ok(!(await ids('2026-12-19')).includes('p-005'));
  assert.ok((await ids('2026-12-20')).includes('p-005'));
});

test('an edited batch is read afresh and its old read removed; a deleted batch\'s read is removed at the end of the load', async (t) => {
  const root = await contentFolder(MISTAKES);
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const first = new ReadCache(dir);
  await through(first, root);
  const files = first.stats.misses;

  await writeFile(path.join(root, 'entries/d.jsonl'), `${JSON.stringify(orgRow({ id: 'o-002', name: '本溪市另一家虚构公司' }))}\n`);
  const edited = new ReadCache(dir);
  const afterEdit = await through(edited, root);
  assert.deepStrictEqual(afterEdit, await loadPublishState(root, AS_OF));
  assert.ok(!('thrown' in afterEdit) && !afterEdit.problems.some((p) => p.file.endsWith('d.jsonl')), 'the edit took effect: the bad line is gone');
  assert.deepEqual([edited.stats.hits, edited.stats.misses, edited.stats.pruned], [files - 1, 1, 1]);
  assert.equal((await readdir(dir)).length, files);

  await rm(path.join(root, 'entries/b.csv'));
  const deleted = new ReadCache(dir);
  assert.deepStrictEqual(await through(deleted, root), await loadPublishState(root, AS_OF));
  assert.deepEqual([deleted.stats.misses, deleted.stats.pruned], [0, 1]);
  assert.equal((await readdir(dir)).length, files - 1);
});

test('pruning removes kept reads only, and a write a crash left behind: anything else in the folder stays', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow()] });
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const stray = `${'0'.repeat(64)}.v8.tmp-12345`;
  for (const name of ['notes.txt', 'site', stray]) await writeFile(path.join(dir, name), 'x');
  const cache = new ReadCache(dir);
  await through(cache, root);
  const left = await readdir(dir);
  assert.ok(left.includes('notes.txt') && left.includes('site') && !left.includes(stray), left.join(' '));
  assert.equal(cache.stats.pruned, 1);
});

/** The kept read of `name`'s content, as read-cache.ts lays it out: checksum, then v8.serialize({ key, value }). */
function reseal(value: unknown, key: string): Buffer {
  const payload = v8.serialize({ key, value });
  return Buffer.concat([createHash('sha256').update(payload).digest(), payload]);
}

/** `kept` with the last character of the (one-byte) string `text` changed: still a well-formed read. */
function changedByte(kept: Buffer, text: string): Buffer {
  const at = kept.indexOf(Buffer.from(text, 'latin1'));
  assert.ok(at > 0, text);
  const changed = Buffer.from(kept);
  changed[at + text.length - 1] = '9'.charCodeAt(0);
  return changed;
}

test('a damaged, foreign or ill-shaped kept read is never used: the file is read afresh and the kept read rewritten', async (t) => {
  const root = await contentFolder(MISTAKES);
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const plain = await loadPublishState(root, AS_OF);
  await through(new ReadCache(dir), root);
  const names = (await readdir(dir)).sort();
  const pristine = new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(dir, n))] as const)));
  type Kept = { key: string; value: { rows?: { entry?: Record<string, unknown>; texts?: unknown; hash?: unknown }[] } };
  const keptOf = (name: string) => v8.deserialize(pristine.get(name)!.subarray(32)) as Kept;
  // An entry batch's kept read: the one whose shape matters most.
  const batch = names.find((n) => keptOf(n).value.rows?.some((r) => r.entry))!;
  const other = names.find((n) => n !== batch && keptOf(n).value.rows?.some((r) => r.entry))!;
  const stored = keptOf(batch) as Required<Kept['value']> & Kept;
  const withEntry = stored.value.rows!.findIndex((r) => r.entry);
  const illShaped = structuredClone(stored.value);
  illShaped.rows![withEntry]!.entry!.disclose = 'yes';
  // An entry's texts stand in for reading its values on every run: a form must be a list of strings.
  const illShapedTexts = structuredClone(stored.value);
  illShapedTexts.rows![withEntry]!.texts = { pinyin: '', forms: { obligation: '偿还借款' }, idNumberFields: [] };
  // An entry's hash decides whether the change feed records a change: it must be one.
  const illShapedHash = structuredClone(stored.value);
  delete illShapedHash.rows![withEntry]!.hash;

  const damages: [string, Buffer][] = [
    ['cut short', pristine.get(batch)!.subarray(0, pristine.get(batch)!.length >> 1)],
    ['one byte changed: a record id, still well-formed', changedByte(pristine.get(batch)!, String(stored.value.rows![withEntry]!.entry!.id))],
    ['empty', Buffer.alloc(0)],
    ['not ours at all', Buffer.from('{"rows":[]}')],
    ['another batch\'s read under this name', pristine.get(other)!],
    ['sealed, but not the shape the code relies on', reseal(illShaped, stored.key)],
    ['sealed, but an entry\'s texts not the shape the code relies on', reseal(illShapedTexts, stored.key)],
    ['sealed, but an entry\'s hash missing', reseal(illShapedHash, stored.key)],
    ['sealed, but not a read at all', reseal({ rows: 'everything' }, stored.key)],
  ];
  for (const [what, bytes] of damages) {
    await writeFile(path.join(dir, batch), bytes);
    const cache = new ReadCache(dir);
    assert.deepStrictEqual(await through(cache, root), plain, what);
    assert.deepEqual([cache.stats.rejected, cache.stats.misses], [1, 1], what);
    assert.deepEqual(await readFile(path.join(dir, batch)), pristine.get(batch), `${what}: rewritten`);
  }
});

test('the same bytes under two names are two files: each one\'s problems and hidden parties name its own file', async (t) => {
  const root = await contentFolder({ 'entries/d.jsonl': MISTAKES['entries/d.jsonl'], 'entries/e.jsonl': MISTAKES['entries/d.jsonl'] });
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const plain = await loadPublishState(root, AS_OF);
  assert.deepEqual(plain.problems.map((p) => path.basename(p.file)).filter((f) => f !== 'courts.json'), ['d.jsonl', 'e.jsonl', 'e.jsonl']);
  assert.deepStrictEqual(await through(new ReadCache(dir), root), plain);
  assert.deepStrictEqual(await through(new ReadCache(dir), root), plain);
});

test('a change to the reading code makes every kept read stale: all files are read afresh and the old reads removed', async (t) => {
  const root = await contentFolder(MISTAKES);
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const before = new ReadCache(dir, 'code 1');
  await through(before, root);
  const newCode = new ReadCache(dir, 'code 2');
  assert.deepStrictEqual(await through(newCode, root), await loadPublishState(root, AS_OF));
  assert.deepEqual([newCode.stats.hits, newCode.stats.misses, newCode.stats.pruned], [0, before.stats.misses, before.stats.misses]);
});

test('the reading code\'s version follows every module the readers import, and the versions of the packages they use', async (t) => {
  const { files, packages } = await readerSources(READER_MODULES);
  const relative = [...files.keys()].map((f) => path.relative(ROOT, f));
  for (const module of ['scripts/lib/ingest/read-files.ts', 'scripts/lib/ingest/read-folder.ts', 'scripts/lib/ingest/read-table.ts', 'scripts/lib/ingest/columns.ts', 'scripts/lib/schema/entry.ts', 'scripts/lib/schema/fields.ts', 'scripts/lib/shared/rules/id-number.ts', 'scripts/lib/hidden-parties.ts', 'scripts/lib/reader-text.ts', 'scripts/lib/pinyin.ts', 'scripts/lib/markdown.ts', 'scripts/lib/read-cache.ts', 'scripts/lib/entry-hash.ts']) {
    assert.ok(relative.includes(module), module);
  }
  // With the entries' texts (hidden-parties.ts entryTexts): how a reader reads a value, and a name's pinyin.
  for (const name of ['zod', 'csv-parse', 'yaml', 'pinyin-pro', 'opencc-js', 'entities']) assert.ok(packages.includes(name), name);
  // Not the build's date rules or anything that reads content/ across files.
  assert.ok(!relative.includes('scripts/lib/publish-state.ts') && !relative.includes('scripts/lib/rules/publicity.ts'));

  const project = await tempDir(t, 'gongshi-reader-code-');
  await mkdir(path.join(project, 'lib/deep'), { recursive: true });
  await mkdir(path.join(project, 'node_modules/zod'), { recursive: true });
  await writeFile(path.join(project, 'lib/root.ts'), "import { a } from './a.ts';\nimport type { T } from './types.ts';\nimport {\n  c,\n  type C,\n} from './c.ts';\nexport const r = a + c;\n");
  await writeFile(path.join(project, 'lib/c.ts'), 'export const c = 1;\nexport type C = 1;\n');
  await writeFile(path.join(project, 'lib/a.ts'), "export { b as a } from './deep/b.ts';\n");
  await writeFile(path.join(project, 'lib/deep/b.ts'), "import { z } from 'zod';\nexport const b = z.string();\n");
  await writeFile(path.join(project, 'lib/types.ts'), 'export type T = 1;\n');
  await writeFile(path.join(project, 'node_modules/zod/package.json'), '{"version":"4.0.0"}');
  const version = () => readerCodeVersion([path.join(project, 'lib/root.ts')], project);
  const v1 = await version();
  assert.equal(await version(), v1);
  await writeFile(path.join(project, 'lib/deep/b.ts'), "import { z } from 'zod';\nexport const b = z.string().min(1);\n");
  const v2 = await version();
  assert.notEqual(v2, v1, 'a module two imports down changed');
  await writeFile(path.join(project, 'node_modules/zod/package.json'), '{"version":"4.0.1"}');
  const v3 = await version();
  assert.notEqual(v3, v2, 'a package changed');
  await writeFile(path.join(project, 'lib/c.ts'), 'export const c = 2;\nexport type C = 1;\n');
  const v4 = await version();
  assert.notEqual(v4, v3, 'a module imported over several lines changed');
  await writeFile(path.join(project, 'lib/types.ts'), 'export type T = 2;\n');
  assert.equal(await version(), v4, 'a type-only import is erased at run time');
});

test('a decision file that stops the build stops it with the same problems when the other files come from the cache', async (t) => {
  const root = await contentFolder({ ...MISTAKES, 'decisions/z.json': JSON.stringify([decisionRow({ id: 'dc-009' })]).slice(0, -5) });
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const plain = await outcome(loadPublishState(root, AS_OF));
  assert.ok('thrown' in plain);
  await through(new ReadCache(dir), root);
  const warm = new ReadCache(dir);
  assert.deepStrictEqual(await through(warm, root), plain);
  assert.equal(warm.stats.misses, 0);
  // A failed load has not seen every file: it removes nothing.
  await cp(path.join(root, 'entries/a.json'), path.join(root, 'entries/a2.json'));
  await rm(path.join(root, 'entries/a.json'));
  const failed = new ReadCache(dir);
  await through(failed, root);
  assert.equal(failed.stats.pruned, 0);
});

/** Each published entry's kept hash, beside what hashing that entry now gives. */
function hashesOf(result: LoadResult): { kept: string | undefined; now: string }[] {
  return result.state.entries.map((e) => ({ kept: result.entryHashes.get(e), now: entryHash(e) }));
}

test('an entry\'s change-feed hash comes with its read, and an edited record gets its new hash through a warm cache: the feed records the change', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow()], 'entries/b.json': [orgRow()] });
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  const first = await loadPublishState(root, AS_OF, undefined, [], {}, { readCache: dir });
  for (const { kept, now } of hashesOf(first)) assert.equal(kept, now);
  const ledger = newChangeEvents([], first.state, '2026-11-26T02:00:00.000Z', first.entryHashes);

  await writeFile(path.join(root, 'entries/a.json'), JSON.stringify([personRow({ obligation: '偿还借款本金六万元及利息' })]));
  const warm = new ReadCache(dir);
  const edited = await loadPublishState(root, AS_OF, undefined, [], {}, { readCache: warm });
  assert.deepEqual([warm.stats.hits, warm.stats.misses], [2, 1], 'the other batch (and the measures catalog) came from the cache');
  for (const { kept, now } of hashesOf(edited)) assert.equal(kept, now);
  const events = newChangeEvents(ledger, edited.state, '2026-11-27T02:00:00.000Z', edited.entryHashes);
  assert.deepEqual(events.map((e) => `${e.op} ${e.entryId}`), ['MOD p-001']);
  assert.equal(events[0]!.hash, entryHash(edited.state.entries.find((e) => e.id === 'p-001')!));
  assert.deepEqual(newChangeEvents([...ledger, ...events], edited.state, '2026-11-28T02:00:00.000Z', edited.entryHashes), [], 'and nothing once recorded');
});

test('a kept hash is used only by the reading code that made it: under a new code version (entry-hash.ts is part of it) every hash is made again', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow()] });
  t.after(() => removeFolder(root));
  const dir = await tempDir(t, 'gongshi-read-cache-');
  await through(new ReadCache(dir, 'code 1'), root);
  // What an older hash function would have left: a sealed read whose hash is not today's.
  type Kept = { key: string; value: { rows?: { hash?: string }[] } };
  const kept = await Promise.all((await readdir(dir)).map(async (name) => ({ name, stored: v8.deserialize((await readFile(path.join(dir, name))).subarray(32)) as Kept })));
  const { name, stored } = kept.find((k) => k.stored.value.rows)!;
  stored.value.rows![0]!.hash = '0123456789abcdef';
  await writeFile(path.join(dir, name), reseal(stored.value, stored.key));

  const same = await loadPublishState(root, AS_OF, undefined, [], {}, { readCache: new ReadCache(dir, 'code 1') });
  assert.deepEqual(hashesOf(same).map((h) => h.kept), ['0123456789abcdef'], 'the same code trusts its own kept hash');
  const newCode = new ReadCache(dir, 'code 2');
  const fresh = await loadPublishState(root, AS_OF, undefined, [], {}, { readCache: newCode });
  assert.equal(newCode.stats.misses, 2, 'the batch and the measures catalog');
  for (const { kept, now } of hashesOf(fresh)) assert.equal(kept, now);
});
