// The one pipeline (scripts/lib/publish.ts) renders only the outputs a change touches and
// patches the live release with them. These tests build small real sites and hold it to the
// promise that matters: after any change it leaves exactly the site a build of everything
// from the same starting point makes, file for file, and nothing of a removed party anywhere.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { access, cp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { buildSite } from '../../scripts/build.ts';
import { publishDecisions, recordDecision } from '../../scripts/delist.ts';
import { type PublishedEntry } from '../../scripts/lib/publish-state.ts';
import { hiddenParty, withoutPublicCollisions } from '../../scripts/lib/hidden-parties.ts';
import { layoutOf, readLiveState } from '../../scripts/lib/release.ts';
import { OUTPUTS_FILE, type PublishReport } from '../../scripts/lib/publish.ts';
import { rendererFiles } from '../../scripts/lib/code-sources.ts';
import { INPUTS_FILE } from '../../scripts/lib/inputs.ts';
import { chunkOf, STATE_DIR } from '../../scripts/lib/state-files.ts';
import { isPrecompressedCopy } from '../../scripts/lib/precompress.ts';
import { formatLeak, publicNumbers, verifyOutput } from '../../scripts/lib/verify-output.ts';
import { READ_CACHE_FOLDER } from '../../scripts/lib/read-cache.ts';
import { isCodeExample } from '../../scripts/lib/kept-renderer.ts';
import { queriesFor, searchAnswers } from '../helpers/search-answers.ts';
import { addDays } from '../../scripts/lib/shared/dates.ts';
import { AS_OF, contentFolder, decisionRow, idNumber, personRow, removeFolder, type Row } from '../fixtures/unit/records.ts';

const PINGSHAN = '本溪市平山区人民法院';
const XIHU = '本溪市溪湖区人民法院';
const GIVEN = ['建国', '秀英', '志强', '桂兰', '海燕', '明辉', '春生', '玉珍', '立新', '晓东'];
const SURNAMES = ['赵', '钱', '孙', '李', '周', '吴', '郑', '冯', '陈', '褚', '卫', '蒋'];

/** 51 entries in one court-month (two list pages), a few elsewhere, a namesake in another court, one delisted already. */
function rows(): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < 51; i++) {
    out.push(personRow({
      id: `p-${100 + i}`,
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`,
      idNumber: idNumber('210502', '19850315', String(101 + 2 * i).padStart(3, '0')),
      caseNumber: `(2025)辽0502执${100 + i}号`,
      publishedOn: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    }));
  }
  out.push(personRow({ id: 'p-200', name: '赵建国', court: XIHU, district: '溪湖区', caseNumber: '(2025)辽0503执7号', idNumber: idNumber('210503', '19850315', '201'), publishedOn: '2025-05-06' }));
  out.push(personRow({ id: 'p-202', name: '方已撤', court: XIHU, district: '溪湖区', caseNumber: '(2025)辽0503执9号', idNumber: idNumber('210503', '19850315', '205'), publishedOn: '2025-06-07' }));
  out.push(personRow({ id: 'p-201', name: '何守信', court: XIHU, district: '溪湖区', caseNumber: '(2025)辽0503执8号', idNumber: idNumber('210503', '19850315', '203'), publishedOn: '2025-06-06' }));
  return out;
}

async function site(t: TestContext, files: Record<string, string | Row[]> = {}) {
  const content = await contentFolder({ 'entries/a.json': rows(), 'decisions/a.json': [decisionRow({ id: 'dc-1', entryId: 'p-202', court: XIHU })], 'site.json': JSON.stringify({ city: '本溪市', sampleData: true }), ...files });
  const out = path.join(content, '..', `${path.basename(content)}-out`);
  t.after(async () => {
    await removeFolder(content);
    await removeFolder(out);
  });
  await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  return { content, out };
}

const blankTimes = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+Z)?/g, '<time>');

/** Every file of the live release, with build times blanked (they differ between any two builds). */
async function snapshot(out: string, skip: (file: string) => boolean = () => false): Promise<Map<string, string>> {
  const root = await realpath(path.join(out, 'site'));
  const files = new Map<string, string>();
  for (const file of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const rel = path.relative(root, path.join(file.parentPath, file.name));
    // The signature covers index.json's hashes of files that carry the build time: it and they
    // differ between any two builds, and open-data.test.ts checks both after a delisting.
    if (skip(rel) || rel.startsWith('data/index.json.sig')) continue;
    // A compressed copy is compared by what it says: its bytes carry the build time too.
    const bytes = await readFile(path.join(root, rel));
    const text = blankTimes((rel.endsWith('.gz') ? gunzipSync(bytes) : rel.endsWith('.br') ? brotliDecompressSync(bytes) : bytes).toString('utf8'));
    files.set(rel, rel.startsWith('data/index.json') ? text.replace(/"sha256": "[0-9a-f]{64}"/g, '"sha256": "<hash>"') : text);
  }
  return files;
}

/** What two output folders' live search indexes answer to every query that reaches an entry of the live list or a removal notice. */
async function sameSearch(out: string, twin: string): Promise<[unknown[], unknown[]]> {
  const live = (await readLiveState(layoutOf(out)))!;
  const queries = [...queriesFor(live.entries), ...live.gone.flatMap((g) => [g.id, g.caseNumber])];
  const filters = [{}, { court: XIHU }, { kind: 'p' as const, year: 2026 }];
  return [await searchAnswers(await realpath(path.join(out, 'site')), queries, filters), await searchAnswers(await realpath(path.join(twin, 'site')), queries, filters)];
}

/** The live release's build report (publish.ts writes it beside the release's state). */
async function lastReport(out: string): Promise<PublishReport> {
  return JSON.parse(await readFile(path.join(out, '.work', path.basename(await realpath(path.join(out, 'site'))), 'build-report.json'), 'utf8')) as PublishReport;
}

const decide = (content: string, entryId: string, court = PINGSHAN) =>
  recordDecision(content, { entryId, type: '屏蔽', reason: 'performed', docNumber: `(2026)辽0502执异${entryId.slice(2)}号`, court, decidedOn: AS_OF });

test('recording a decision for an entry the live site lists reads only that entry\'s chunk of the live state, not content/', async (t) => {
  const { content, out } = await site(t);
  const state = path.join(out, '.work', path.basename(await realpath(path.join(out, 'site'))), STATE_DIR);
  const own = `entries-${String(chunkOf('p-100')).padStart(4, '0')}.jsonl`;
  // Neither the other chunks nor the batches can be read now: only the entry's own chunk can say it is listed.
  for (const file of await readdir(state)) if (file.startsWith('entries-') && file !== own) await rm(path.join(state, file));
  await rm(path.join(content, 'entries'), { recursive: true });
  const file = await recordDecision(content, { entryId: 'p-100', type: '屏蔽', reason: 'performed', docNumber: '(2026)辽0502执异100号', court: PINGSHAN, decidedOn: AS_OF }, { out });
  assert.equal(JSON.parse(await readFile(file, 'utf8'))[0].entryId, 'p-100');
});

test('a delisting is published as a patch that leaves exactly the site and change feed a full build from the same starting point makes', async (t) => {
  const { content, out } = await site(t);
  const before = await snapshot(out);
  assert.ok(before.has('list/0502/2025-03/2/index.html'), 'the fixture month has two pages');

  await decide(content, 'p-100'); // 赵建国 in 平山: its month drops to one page, its namesake in 溪湖 counts one fewer
  const removed = (await readLiveState(layoutOf(out)))!.entries.find((e) => e.id === 'p-100')!;
  const twin = `${out}-twin`;
  t.after(() => removeFolder(twin));
  await cp(out, twin, { recursive: true, verbatimSymlinks: true });
  const outcome = await publishDecisions({ content, out, today: AS_OF });
  assert.equal(outcome.mode, 'patch', outcome.why?.message);
  const report = await lastReport(out);
  assert.equal(report.renderedWith, 'kept', 'the patch renders with the renderer the first build kept, without bundling');
  // The privacy check's head start brought the kept export pieces' verdicts up to the delisted party's strings.
  assert.ok(report.verifyAhead && 'refreshed' in report.verifyAhead && report.verifyAhead.refreshed > 0 && report.verifyAhead.left === 0, JSON.stringify(report.verifyAhead));
  // Published already (say, by watch mode while `npm run delist` waited for the lock): nothing more to do.
  assert.equal((await publishDecisions({ content, out, today: AS_OF })).mode, 'current');
  // Astro was started before that was known, and stopped; nothing of either run is left over.
  assert.deepEqual(await readdir(path.join(out, '.work')), [path.basename(await realpath(path.join(out, 'site')))]);
  assert.equal((await buildSite({ content, out: twin, today: AS_OF, strict: false, quiet: true, full: true })).mode, 'release');

  // The search index is patched rather than rebuilt (its own tests compare the two); every other file must match.
  const patched = await snapshot(out, (f) => f.startsWith('search/i/'));
  assert.ok(!patched.has('list/0502/2025-03/2/index.html'), 'the page the month no longer fills is gone');
  // Read as text: the date sits in its own span (kept whole on a phone).
  assert.match(patched.get('entry/p-100/index.html')!.replace(/<[^>]+>/g, ''), /本条信息已于 2026年11月26日 依法屏蔽/);
  assert.doesNotMatch(patched.get('entry/p-200/index.html')!, /同名记录/);
  assert.match(before.get('entry/p-200/index.html')!, /另有 1 条同名记录/);
  const rebuilt = await snapshot(twin, (f) => f.startsWith('search/i/'));
  assert.deepEqual([...patched.keys()].sort(), [...rebuilt.keys()].sort());
  for (const [file, text] of rebuilt) assert.equal(patched.get(file), text, `${file} differs from a full build's`);
  const ledger = async (dir: string) => blankTimes(await readFile(path.join(dir, 'ledger/changes.jsonl'), 'utf8'));
  assert.equal(await ledger(out), await ledger(twin));
  assert.deepEqual(...(await sameSearch(out, twin)), 'the patched search index answers as the rebuilt one');
  await assertNoTraceInOutputFolder(out, removed);
});

test('a delisting with no memory to hold the export pieces, each let go and read again, publishes the data files a publication holding them does, and leaves no trace of the party', async (t) => {
  const { content, out } = await site(t);
  await decide(content, 'p-100');
  const removed = (await readLiveState(layoutOf(out)))!.entries.find((e) => e.id === 'p-100')!;
  const twin = `${out}-twin`;
  t.after(() => removeFolder(twin));
  await cp(out, twin, { recursive: true, verbatimSymlinks: true });
  process.env.GONGSHI_PIECE_MEMORY_MB = '0';
  try {
    const report = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
    assert.equal(report.mode, 'patch');
    assert.ok(report.pieces!.letGo > 0 && report.pieces!.reopened >= report.pieces!.letGo, JSON.stringify(report.pieces));
  } finally {
    delete process.env.GONGSHI_PIECE_MEMORY_MB;
  }
  const twinReport = await buildSite({ content, out: twin, today: AS_OF, strict: false, quiet: true });
  assert.equal(twinReport.mode, 'patch');
  assert.equal(twinReport.pieces!.letGo, 0);
  const data = (file: string) => !file.startsWith(`data${path.sep}`);
  const [letGo, held] = [await snapshot(out, data), await snapshot(twin, data)];
  assert.ok(letGo.has(path.join('data', 'entries.gbk.csv.gz')));
  assert.deepEqual(letGo, held);
  await assertNoTraceInOutputFolder(out, removed);
});

test('a new day with no change to the list renders no entry or list page again', async (t) => {
  // With a case, the case feeds are as new as it (with none, the epoch): neither reads the date.
  const { content, out } = await site(t, { 'cases/2026-06-01-a.md': `---\ntitle: 主动履行\ndate: 2026-06-01\ncourt: ${XIHU}\ncategory: 正面典型\nsummary: 主动履行。\nbehaviours: []\nrelatedCaseNumbers: []\n---\n\n主动履行的经过。\n` });
  const inodes = await exportInodes(out);
  const report = await buildSite({ content, out, today: '2026-11-27', strict: false, quiet: true });
  assert.equal(report.mode, 'patch');
  assert.equal(report.rendered, 0, 'no declared output reads the date');
  // The whole-list files, made of the same pieces, stay as they are live: neither written nor replaced.
  const after = await exportInodes(out);
  assert.equal(inodes.size, 13);
  for (const [file, inode] of inodes) assert.equal(after.get(file), inode, `${file} not replaced`);
  assert.equal((await buildSite({ content, out, today: '2026-11-27', strict: false, quiet: true })).mode, 'current');
});

test('a new day on which only a party nobody sees was added writes every whole-list file again, for the privacy check to look for it there', async (t) => {
  const { content, out } = await site(t);
  const inodes = await exportInodes(out);
  // Not published (disclose: false): no entry, no change event, but one more party the check looks for.
  await writeFile(path.join(content, 'entries', 'b.json'), JSON.stringify([personRow({ id: 'p-900', name: '欧阳不公', idNumber: idNumber('210502', '19700101', '901'), caseNumber: '(2025)辽0502执900号', disclose: false })]));
  const report = await buildSite({ content, out, today: '2026-11-27', strict: false, quiet: true });
  assert.equal(report.mode, 'patch');
  assert.equal(report.newEvents, 0);
  const after = await exportInodes(out);
  // (The workbook and the Atom feed, equal byte for byte to the live ones, are then left as they are.)
  for (const [file, inode] of inodes) if (!/\.(xlsx|atom)(\.gz)?$/.test(file)) assert.notEqual(after.get(file), inode, `${file} written and checked again`);
  // And the next day, nothing new: left as they are.
  const again = await exportInodes(out);
  await buildSite({ content, out, today: '2026-11-28', strict: false, quiet: true });
  assert.deepEqual(await exportInodes(out), again);
});

/** The live release's whole-list files and their compressed copies, by the inode of each: a file replaced is a new one. */
async function exportInodes(out: string): Promise<Map<string, number>> {
  const root = await realpath(path.join(out, 'site'));
  const inodes = new Map<string, number>();
  for (const file of ['entries.json', 'entries.csv', 'entries.en.csv', 'entries.gbk.csv', 'entries.xlsx', 'changes.json', 'changes.atom']) {
    for (const name of [`data/${file}`, `data/${file}.gz`]) {
      const found = await stat(path.join(root, name)).catch(() => null);
      if (found) inodes.set(name, found.ino);
    }
  }
  return inodes;
}

/** The live release's work folder: its state, what it was rendered from, the inputs it left. */
async function liveWork(out: string): Promise<string> {
  return path.join(out, '.work', path.basename(await realpath(path.join(out, 'site'))));
}

test('a run with the inputs the last publication left publishes nothing and stops before reading the list', async (t) => {
  const { content, out } = await site(t);
  const again = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal(again.mode, 'current');
  assert.deepEqual(again.stages.map((s) => s.stage), ['read'], 'no plan, no Astro');
  assert.equal(again.counts.published, (await buildSite({ content, out, today: AS_OF, strict: false, quiet: true, full: true })).counts.published);
  // A decision is an input: it is published, whatever was recorded.
  await decide(content, 'p-100');
  const delisted = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal(delisted.mode, 'patch');
  assert.match((await snapshot(out)).get('entry/p-100/index.html')!.replace(/<[^>]+>/g, ''), /依法屏蔽/);
  // So is the date: a new day goes through the pipeline (expiries are decided there).
  assert.notDeepEqual((await buildSite({ content, out, today: '2026-11-27', strict: false, quiet: true })).stages.map((s) => s.stage), ['read']);
});

test('a strict run with the inputs of a publication that had problems still refuses', async (t) => {
  const { content, out } = await site(t, { 'entries/bad.json': [personRow({ id: 'p-bad', name: '' })] });
  assert.equal((await buildSite({ content, out, today: AS_OF, strict: false, quiet: true })).mode, 'current');
  await assert.rejects(buildSite({ content, out, today: AS_OF, strict: true, quiet: true }), /--strict/);
});

test('a live release whose open data index has an older format is replaced by a new release, not patched and not failed', async (t) => {
  const { content, out } = await site(t);
  const index = path.join(out, 'site', 'data', 'index.json');
  await writeFile(index, (await readFile(index, 'utf8')).replace('"gongshi-index/2"', '"gongshi-index/1"'));
  await rm(path.join(await liveWork(out), INPUTS_FILE)); // the code that wrote it was other code
  await decide(content, 'p-100');
  const report = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal(report.mode, 'release');
  assert.equal(report.why?.code, 'DataFormatChanged');
  assert.match(await readFile(path.join(out, 'site', 'data', 'index.json'), 'utf8'), /"gongshi-index\/2"/);
});

test('an edited entry is rendered again with its month\'s list, though the keys of every month whose entries did not change are kept from the last publication', async (t) => {
  const { content, out } = await site(t);
  const file = path.join(content, 'entries', 'a.json');
  const rows = JSON.parse(await readFile(file, 'utf8')) as Row[];
  await writeFile(file, JSON.stringify(rows.map((r) => (r.id === 'p-130' ? { ...r, obligation: '偿还借款本金7万元' } : r))));
  const report = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal(report.mode, 'patch', report.why?.message);
  assert.ok(report.planned.includes('entry/p-130/index.html'), 'the edited entry\'s page');
  assert.ok(report.planned.some((f) => f.startsWith('list/0502/2025-03/')), 'the list page that shows it');
  assert.ok(!report.planned.some((f) => f.startsWith('entry/') && f !== 'entry/p-130/index.html'), 'no other entry page');
  const outputs = JSON.parse(await readFile(path.join(await liveWork(out), OUTPUTS_FILE), 'utf8')) as { units: Record<string, string> };
  assert.ok(Object.keys(outputs.units).length >= 3, 'each court\'s months are kept');
});

test('a resident publisher (watch mode) publishes an edit and a delisting among entries it kept from its last publication exactly as a build of everything does', async (t) => {
  const { content, out } = await site(t);
  const twin = `${out}-twin`;
  t.after(() => removeFolder(twin));
  const publish = () => buildSite({ content, out, today: AS_OF, strict: false, quiet: true, resident: true });
  await decide(content, 'p-150');
  assert.equal((await publish()).entriesKept, 0, 'the first publication of a process has nothing kept');
  const file = path.join(content, 'entries', 'a.json');
  const rows = JSON.parse(await readFile(file, 'utf8')) as Row[];
  await writeFile(file, JSON.stringify(rows.map((r) => (r.id === 'p-130' ? { ...r, obligation: '偿还借款本金7万元' } : r))));
  await decide(content, 'p-140');
  const report = await publish();
  assert.equal(report.mode, 'patch', report.why?.message);
  // 53 published less p-150 and p-140, and p-130 is another object: its text differs.
  assert.equal(report.entriesKept, 50, 'every entry but the edited one is the object kept');
  await cp(out, twin, { recursive: true, verbatimSymlinks: true });
  await buildSite({ content, out: twin, today: AS_OF, strict: false, quiet: true, full: true });
  const skip = (f: string) => f.startsWith('search/i/');
  const [patched, rebuilt] = [await snapshot(out, skip), await snapshot(twin, skip)];
  assert.deepEqual([...patched.keys()].sort(), [...rebuilt.keys()].sort());
  for (const [name, text] of rebuilt) assert.equal(patched.get(name), text, `${name} differs from a full build's`);
  assert.match(patched.get('entry/p-130/index.html')!.replace(/<[^>]+>/g, ''), /偿还借款本金7万元/);
});

test('a change to code that renders no page (the exports, the data files) publishes again what it writes, without rendering a page', async (t) => {
  const { content, out } = await site(t);
  const outputs = path.join(await liveWork(out), OUTPUTS_FILE);
  await writeFile(outputs, JSON.stringify({ ...JSON.parse(await readFile(outputs, 'utf8')), code: 'an older version' }));
  await rm(path.join(await liveWork(out), INPUTS_FILE));
  const inodes = await exportInodes(out);
  const report = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal(report.mode, 'patch', 'not "current": the files this code writes may differ');
  assert.deepEqual(report.planned, [], 'no page whose key held');
  // Made of the same pieces, but by other code: written again, every one (the workbook, equal
  // byte for byte to the live one, is then left as it is, as any page that says what it said; the Atom feed too).
  const after = await exportInodes(out);
  for (const [file, inode] of inodes) if (!/\.(xlsx|atom)(\.gz)?$/.test(file)) assert.notEqual(after.get(file), inode, `${file} written again`);
  assert.equal((await buildSite({ content, out, today: AS_OF, strict: false, quiet: true })).mode, 'current');
});

test('the live release\'s keys are read from outputs.json in its first layout too, and a damaged list of its files makes a release', async (t) => {
  const { content, out } = await site(t);
  const outputs = path.join(await liveWork(out), OUTPUTS_FILE);
  const { files, fileKeys, ...rest } = JSON.parse(await readFile(outputs, 'utf8')) as { files: string[]; fileKeys: string[] };
  // An object keyed by output file, as the previous version wrote it.
  await writeFile(outputs, JSON.stringify({ ...rest, keys: Object.fromEntries(files.map((file, i) => [file, fileKeys[i]])) }));
  await decide(content, 'p-100');
  const report = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal(report.mode, 'patch', report.why?.message);
  assert.ok(report.planned.includes('entry/p-100/index.html') && report.planned.length < files.length / 4, report.planned.join(' '));
  const damaged = JSON.parse(await readFile(outputs, 'utf8')) as { files: unknown[] };
  damaged.files[0] = 7;
  await writeFile(outputs, JSON.stringify(damaged));
  await decide(content, 'p-130');
  const again = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal(again.mode, 'release');
  assert.equal(again.why?.code, 'MostOutputsDirty');
});

test('a change to the code that renders pages publishes everything as a new release', async (t) => {
  const { content, out } = await site(t);
  const outputs = path.join(await liveWork(out), OUTPUTS_FILE);
  await writeFile(outputs, JSON.stringify({ ...JSON.parse(await readFile(outputs, 'utf8')), renderer: 'an older version' }));
  // Changed code changes the inputs too (inputs.test): the run does not stop at the record.
  await rm(path.join(await liveWork(out), INPUTS_FILE));
  const report = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal(report.mode, 'release');
  assert.equal(report.why?.code, 'RendererChanged');
});

test('the code that writes the exports and checks a publication is not code that renders pages, so changing it makes no release of every page', async () => {
  const lib = path.join(import.meta.dirname, '..', '..', 'scripts', 'lib');
  const sources = new Set((await rendererFiles()).keys());
  assert.ok(sources.has(path.join(lib, 'export-columns.ts')), 'the data page shows the export columns');
  for (const module of ['exports.ts', 'xlsx.ts', 'zip.ts', 'pieces.ts', 'verify-output.ts', 'verify-pieces.ts', 'publish.ts', 'read-cache.ts']) {
    assert.ok(!sources.has(path.join(lib, module)), `${module} is not among what renders pages`);
  }
});

test('a delisting after a change to the code that makes search tokens builds the search index anew, so that no token of the old code keeps the name', async (t) => {
  const { content, out } = await site(t);
  const outputs = path.join(await liveWork(out), OUTPUTS_FILE);
  await writeFile(outputs, JSON.stringify({ ...JSON.parse(await readFile(outputs, 'utf8')), indexer: 'an older version' }));
  await decide(content, 'p-100');
  const twin = `${out}-twin`;
  t.after(() => removeFolder(twin));
  await cp(out, twin, { recursive: true, verbatimSymlinks: true });
  assert.equal((await publishDecisions({ content, out, today: AS_OF })).mode, 'patch', 'the pages are still patched');
  await buildSite({ content, out: twin, today: AS_OF, strict: false, quiet: true, full: true });
  const index = (dir: string) => snapshot(dir, (f) => !f.startsWith('search/i/'));
  assert.deepEqual(await index(out), await index(twin), 'the search index is the one a build of everything makes');
});

const runs = Number(process.env.GONGSHI_FUZZ_RUNS ?? 2);

// The planner must not miss a page: after each of any sequence of changes published as a
// patch, the site is the one a build of everything from scratch makes (given the change feed
// so far and the signing key, nothing else of the output folder's), file for file (build times aside; a removal patches the search index rather than rebuilding it,
// which has its own comparison).
type Step =
  | { kind: 'decide'; ids: string[]; type: string }
  | { kind: 'batch'; rows: { name: string; court: string; month: string; later: boolean; ends: number | null }[] }
  | { kind: 'day'; days: number }
  | { kind: 'case'; title: string; related: string[] }
  | { kind: 'edit'; id: string; amount: number; ends: number | null }
  | { kind: 'measures'; title: string; applies: 'person' | 'org' | 'both' };

test('after each of any sequence of changes (batches, edits, decisions, expiries, entries becoming public, new days, cases, the measures catalogue) the patched site equals what a build of everything from scratch makes, file for file', { timeout: runs * 900_000 }, async (t) => {
  const base = await site(t);
  // Mostly the entries whose removal reaches other pages: 赵建国 and his namesake in 溪湖 (each
  // counts the other), the court with three entries; then any of the 51 in one court-month.
  // A court-set end of listing (失信期限届满日) this many days from the step's day, or none: a
  // later new day expires the entry, and its pages, namesakes and lists change with it.
  const ENDS = fc.option(fc.integer({ min: 0, max: 2 }), { freq: 2 });
  const id = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('p-100', 'p-200', 'p-201') }, { weight: 2, arbitrary: fc.integer({ min: 101, max: 150 }).map((i) => `p-${i}`) });
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('decide' as const), ids: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }), type: fc.constantFrom('屏蔽', '撤销', '删除') }),
    fc.record({ kind: fc.constant('batch' as const), rows: fc.array(fc.record({ name: fc.constantFrom('赵建国', '孙新人', '李秀英'), court: fc.constantFrom(PINGSHAN, XIHU), month: fc.constantFrom('2025-03', '2025-09', '2026-11'), later: fc.boolean(), ends: ENDS }), { minLength: 1, maxLength: 2 }) }),
    fc.record({ kind: fc.constant('day' as const), days: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('case' as const), title: fc.constantFrom('拒不履行被拘留', '主动履行获信用修复'), related: fc.subarray(['(2025)辽0502执100号', '(2025)辽0503执7号', '(2025)辽0502执120号']) }),
    fc.record({ kind: fc.constant('edit' as const), id: fc.constantFrom('p-100', 'p-130', 'p-201'), amount: fc.integer({ min: 1, max: 9 }), ends: ENDS }),
    // The catalog: a measure renamed, or applying to other parties (entry pages count the measures that apply).
    fc.record({ kind: fc.constant('measures' as const), title: fc.constantFrom('设立金融类公司限制', '限制设立金融类公司'), applies: fc.constantFrom('person' as const, 'org' as const, 'both' as const) }),
  );
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 3 }), async (steps) => {
      const dir = `${base.out}-run${++n}`;
      const content = path.join(dir, 'content');
      const out = path.join(dir, 'out');
      const twin = path.join(dir, 'twin');
      try {
        await cp(base.content, content, { recursive: true });
        await cp(base.out, out, { recursive: true, verbatimSymlinks: true });
        const taken = new Set<string>();
        let today = AS_OF;
        let added = 0;
        for (const [i, change] of steps.entries()) {
          if (change.kind === 'decide') {
            for (const id of change.ids.filter((id) => !taken.has(id))) {
              taken.add(id);
              await recordDecision(content, { entryId: id, type: change.type, reason: 'performed', docNumber: `(2026)辽0502执异${i}${id.slice(2)}号`, court: id.startsWith('p-2') ? XIHU : PINGSHAN, decidedOn: today });
            }
          } else if (change.kind === 'batch') {
            const batch = change.rows.map((r) => {
              added++;
              const day = r.later ? addDays(today, 1) : `${r.month}-15`;
              return personRow({ id: `n-${i}-${added}`, name: r.name, court: r.court, district: r.court === XIHU ? '溪湖区' : '平山区', caseNumber: `(2026)辽050${r.court === XIHU ? 3 : 2}执${500 + added}号`, idNumber: idNumber('210502', '19900101', String(300 + added)), publishedOn: day, ...endsOn(r.ends, day > today ? day : today) });
            });
            await writeFile(path.join(content, 'entries', `batch-${i}.json`), JSON.stringify(batch));
          } else if (change.kind === 'day') {
            today = addDays(today, change.days);
          } else if (change.kind === 'case') {
            await writeFile(path.join(content, 'cases', '2026-06-01-story.md'), `---\ntitle: ${change.title}\ndate: 2026-06-01\ncourt: ${PINGSHAN}\ncategory: 典型案例\nsummary: ${change.title}。\nbehaviours: [3]\nrelatedCaseNumbers: ${JSON.stringify(change.related)}\n---\n\n${change.title}的经过。\n`);
          } else if (change.kind === 'measures') {
            const file = path.join(content, 'measures', 'catalog.json');
            const catalog = JSON.parse(await readFile(file, 'utf8')) as { groups: { measures: { title: string; appliesTo: string[] }[] }[] };
            const first = catalog.groups[0]!.measures[0]!;
            first.title = change.title;
            first.appliesTo = change.applies === 'person' ? ['自然人'] : change.applies === 'org' ? ['法人或其他组织'] : ['失信被执行人'];
            await writeFile(file, JSON.stringify(catalog));
          } else {
            const file = path.join(content, 'entries', 'a.json');
            const rows = JSON.parse(await readFile(file, 'utf8')) as Row[];
            await writeFile(file, JSON.stringify(rows.map((r) => (r.id === change.id ? { ...r, obligation: `偿还借款本金${change.amount}万元`, ...endsOn(change.ends, today) } : r))));
          }
          // The same starting point for both, the change feed written so far (the ledger) and the
          // signing key, and nothing else: the twin is built from scratch, with no release, state,
          // kept pieces, reads or renderer of the patched folder's to agree with.
          await rm(twin, { recursive: true, force: true });
          for (const kept of ['ledger', '.signing']) if (existsSync(path.join(out, kept))) await cp(path.join(out, kept), path.join(twin, kept), { recursive: true });
          // Published as watch mode does (resident): what it keeps in memory from the last step is held to the same equality.
          const report = await buildSite({ content, out, today, strict: false, quiet: true, resident: true });
          // A patch, nothing, or (a change every entry page reads, such as the catalog's) a new release because most outputs changed.
          assert.ok(report.mode !== 'release' || report.why?.code === 'MostOutputsDirty', `a ${change.kind} is published as a patch or not at all: ${report.why?.message}`);
          await buildSite({ content, out: twin, today, strict: false, quiet: true, full: true });
          const skip = (f: string) => f.startsWith('search/i/');
          const [patched, rebuilt] = [await snapshot(out, skip), await snapshot(twin, skip)];
          assert.deepEqual([...patched.keys()].sort(), [...rebuilt.keys()].sort(), `the same files after ${JSON.stringify(steps.slice(0, i + 1))}`);
          for (const [file, text] of rebuilt) assert.equal(patched.get(file), text, `${file} differs from a full build's after ${JSON.stringify(steps.slice(0, i + 1))}`);
          // The search index is updated, not rebuilt: it must answer every query as the rebuilt one does.
          assert.deepEqual(...(await sameSearch(out, twin)), `search answers after ${JSON.stringify(steps.slice(0, i + 1))}`);
          // The inputs it left behind are recorded; run again on them, it stops before reading the
          // list, and the whole pipeline, without the record, agrees that nothing is left to publish.
          assert.deepEqual((await buildSite({ content, out, today, strict: false, quiet: true })).stages.map((s) => s.stage), ['read'], 'the same inputs again: known current');
          await rm(path.join(await liveWork(out), INPUTS_FILE));
          assert.equal((await buildSite({ content, out, today, strict: false, quiet: true })).mode, 'current', `nothing left to publish after ${JSON.stringify(steps.slice(0, i + 1))}`);
        }
      } finally {
        await removeFolder(dir);
      }
    }),
    { numRuns: runs, endOnFailure: true, ...(process.env.GONGSHI_FUZZ_SEED ? { seed: Number(process.env.GONGSHI_FUZZ_SEED) } : {}) },
  );
});

/** A court-set end of listing `days` after `from`, as a batch row's field; nothing for null. */
function endsOn(days: number | null, from: string): { listingEndsOn?: string } {
  return days === null ? {} : { listingEndsOn: addDays(from, days) };
}

test('after a delisting every compressed copy in the release says exactly what its file says, and no removed page keeps one', async (t) => {
  const { content, out } = await site(t);
  const root = await realpath(path.join(out, 'site'));
  const gone = 'list/0502/2025-03/2/index.html';
  await access(`${path.join(root, gone)}.gz`); // the page the month will no longer fill has its copies before
  await decide(content, 'p-100');
  assert.equal((await publishDecisions({ content, out, today: AS_OF })).mode, 'patch');

  const live = await realpath(path.join(out, 'site'));
  let copies = 0;
  for (const file of await readdir(live, { recursive: true, withFileTypes: true })) {
    if (!file.isFile() || !isPrecompressedCopy(file.name)) continue;
    const copy = path.join(file.parentPath, file.name);
    const plain = await readFile(copy.slice(0, -3)).catch(() => null);
    assert.ok(plain, `${path.relative(live, copy)} has no file beside it`);
    const said = copy.endsWith('.gz') ? gunzipSync(await readFile(copy)) : brotliDecompressSync(await readFile(copy));
    assert.ok(said.equals(plain), `${path.relative(live, copy)} differs from its file`);
    copies++;
  }
  assert.ok(copies > 50, `${copies} compressed copies checked`);
  for (const suffix of ['', '.gz', '.br']) await assert.rejects(access(`${path.join(live, gone)}${suffix}`), `${gone}${suffix} is gone`);
  // The entry's page was replaced by its notice: the copies say so too.
  assert.match(gunzipSync(await readFile(path.join(live, 'entry/p-100/index.html.gz'))).toString(), /依法屏蔽/);

});

/** Nothing of the entry anywhere under `out`: releases, render cache, work files, ledger. */
async function assertNoTraceInOutputFolder(out: string, entry: PublishedEntry) {
  const live = (await readLiveState(layoutOf(out)))!;
  const { files, leaks } = await verifyOutput(out, withoutPublicCollisions([hiddenParty(entry.id, 'decided', entry)], live.entries, live.measures), publicNumbers(live));
  assert.ok(files > 100);
  // Except the read cache: it mirrors content/, which keeps the batch as the court sent it
  // (scripts/lib/read-cache.ts); like content/, it is never served.
  const readCache = path.join(out, READ_CACHE_FOLDER) + path.sep;
  // And, in the kept renderer, full ID numbers: bundled code, whose doc comments show examples (as `npm run verify -- --whole`).
  assert.deepEqual(leaks.filter((l) => !l.file.startsWith(readCache) && !isCodeExample(l, layoutOf(out).keptRenderers)).map((l) => formatLeak(l, out)), []);
}

test('a delisting whose party a case names withholds the case, reporting it, and takes the party down everywhere', async (t) => {
  // A case that names a listed person is allowed while he is listed, and a leak once he is not.
  const story = `---\ntitle: 何守信拒不申报财产被拘留\ndate: 2026-06-01\ncourt: ${XIHU}\ncategory: 典型案例\nsummary: 被执行人何守信拒不申报财产。\nbehaviours: [3]\nrelatedCaseNumbers: []\n---\n\n被执行人何守信拒不申报财产，被司法拘留十五日。\n`;
  const { content, out } = await site(t, { 'cases/2026-06-01-he.md': story });
  const before = await snapshot(out);
  const hisEntry = (await readLiveState(layoutOf(out)))!.entries.find((e) => e.id === 'p-201')!;

  await decide(content, 'p-201', XIHU);
  const reported = t.mock.method(console, 'error', () => {});
  assert.match(before.get('cases/2026-06-01-he/index.html')!, /何守信/);
  assert.equal((await publishDecisions({ content, out, today: AS_OF })).mode, 'patch');
  assert.ok(reported.mock.calls.some((c) => /2026-06-01-he[\s\S]*提到了不公开的当事人/.test(String(c.arguments[0]))));
  const after = await snapshot(out);
  assert.equal(after.has('cases/2026-06-01-he/index.html'), false);
  assert.match(after.get('entry/p-201/index.html')!, /依法屏蔽/);
  await assertNoTraceInOutputFolder(out, hisEntry);
  // Once the court's text says 何某, the case is published again.
  await writeFile(path.join(content, 'cases/2026-06-01-he.md'), story.replaceAll('何守信', '何某'));
  await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal((await snapshot(out)).has('cases/2026-06-01-he/index.html'), true);
});
