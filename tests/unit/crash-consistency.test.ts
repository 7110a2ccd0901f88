// A publication killed at any moment must leave a site that serves a complete version and a
// change feed that no later publication contradicts: no seq handed out twice, none lost, and
// the feed replayed from seq 1 equal to the list that is live. Each run here is killed with
// SIGKILL at one named place (scripts/lib/failpoint.ts), then the next run finishes the job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readlink, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ChangeEvent } from '../../scripts/lib/build-state.ts';
import { layoutOf, readLedger } from '../../scripts/lib/release.ts';
import { FAILPOINTS, type Failpoint } from '../../scripts/lib/failpoint.ts';
import { ROOT, contentFolder, decisionRow, idNumber, orgRow, personRow, removeFolder } from '../fixtures/unit/records.ts';
import { DelistError, recordDecision } from '../../scripts/delist.ts';
import { searchAnswers } from '../helpers/search-answers.ts';

const run = promisify(execFile);

async function build(content: string, out: string, today: string, failpoint?: Failpoint, full = false): Promise<'done' | 'killed'> {
  try {
    await run(process.execPath, ['scripts/build.ts', '--content', content, '--out', out, '--today', today, ...(full ? ['--full'] : [])], { cwd: ROOT, env: { ...process.env, GONGSHI_QUIET: '1', ...(failpoint ? { GONGSHI_FAILPOINT: failpoint } : {}) }, maxBuffer: 64 * 1024 * 1024 });
    return 'done';
  } catch (error) {
    if ((error as { signal?: string }).signal === 'SIGKILL') return 'killed';
    throw error;
  }
}

/** What a unit that applied the feed in order would hold: ids of entries added and not deleted since. */
function replay(events: readonly ChangeEvent[]): string[] {
  const held = new Set<string>();
  for (const e of events) e.op === 'DEL' ? held.delete(e.entryId) : held.add(e.entryId);
  return [...held].sort();
}

async function liveFeedAndList(out: string): Promise<{ feed: ChangeEvent[]; list: string[] }> {
  const live = path.join(out, 'site');
  const feed = JSON.parse(await readFile(path.join(live, 'data', 'changes.json'), 'utf8')) as { events: ChangeEvent[] } | ChangeEvent[];
  const entries = JSON.parse(await readFile(path.join(live, 'data', 'entries.json'), 'utf8')) as { entries: { id: string }[] } | { id: string }[];
  const list = (Array.isArray(entries) ? entries : entries.entries).map((e) => e.id).sort();
  return { feed: Array.isArray(feed) ? feed : feed.events, list };
}

function assertSeqs(events: readonly ChangeEvent[]) {
  events.forEach((e, i) => assert.equal(e.seq, i + 1, `seq ${e.seq} at position ${i + 1}: a seq was reused or lost`));
}

const entries = [personRow(), orgRow(), personRow({ id: 'p-002', name: '钱多多', idNumber: idNumber('210502', '19800101', '321'), caseNumber: '(2024)辽0502执124号' })];

// Day two is a patch of the live release (or, `--full`, a new release), killed at every
// failpoint in each mode it is passed in. Before going live nothing live changed, and the next
// run publishes what the killed one recorded; killed while a patch renames its files, the live
// release holds verified files of both versions and the next run renders everything; after
// going live, the new version serves and only the clean-up is left.
const RUNS = [
  ...FAILPOINTS.filter((point) => point !== 'build:released').map((point) => ({ point, full: false })),
  ...(['build:planned', 'build:released', 'build:live', 'build:pruned'] as const).map((point) => ({ point, full: true })),
];
for (const { point, full } of RUNS) {
  test(`a ${full ? 'release' : 'patch'} killed at ${point} leaves the feed consistent, and the next build finishes the job`, { timeout: 240_000 }, async (t) => {
    const content = await contentFolder({ 'entries/a.json': entries, 'site.json': JSON.stringify({ city: '本溪市', sampleData: true }) });
    const out = path.join(content, '..', `${path.basename(content)}-out`);
    t.after(() => Promise.all([removeFolder(content), removeFolder(out)]));
    assert.equal(await build(content, out, '2026-11-26'), 'done');
    const firstLive = await readlink(path.join(out, 'site'));

    // Day two: one entry decided, one new entry; the build dies at `point`.
    await writeFile(path.join(content, 'decisions', 'a.json'), JSON.stringify([decisionRow({ entryId: 'p-002' })]));
    await writeFile(path.join(content, 'entries', 'b.json'), JSON.stringify([personRow({ id: 'p-003', name: '孙立新', idNumber: idNumber('210502', '19790202', '555'), caseNumber: '(2024)辽0502执125号', publishedOn: '2026-11-27' })]));
    assert.equal(await build(content, out, '2026-11-27', point, full), 'killed');
    const afterKill = await liveFeedAndList(out);
    // Killed while a patch renames its files, the live release holds verified files of both
    // versions (each file whole): the feed and the list may be a version apart until the next
    // run, which renders everything. At every other point they agree.
    if (point !== 'build:mid-apply') assert.deepEqual(replay(afterKill.feed), afterKill.list, 'the live feed replays to the live list even right after the kill');
    const afterLive = FAILPOINTS.indexOf(point) >= FAILPOINTS.indexOf('build:live');
    if (!(full && afterLive)) assert.equal(await readlink(path.join(out, 'site')), firstLive, 'the previous release (patched or not) still serves');
    else assert.notEqual(await readlink(path.join(out, 'site')), firstLive, 'the new release serves');
    if (afterLive) assert.deepEqual(afterKill.feed, await readLedger(layoutOf(out)), 'the new version serves: its feed is the whole ledger');

    // The operator corrects the batch meanwhile; the next build, and one more day, finish
    // the job. Whatever a unit already read from the live feed stays as it was read.
    await writeFile(path.join(content, 'entries', 'c.json'), JSON.stringify([personRow({ id: 'p-004', name: '周海燕', idNumber: idNumber('210502', '19810303', '777'), caseNumber: '(2024)辽0502执126号', publishedOn: '2026-11-26' })]));
    assert.equal(await build(content, out, '2026-11-27'), 'done');
    assert.equal(await build(content, out, '2026-11-28'), 'done');
    const { feed, list } = await liveFeedAndList(out);
    assertSeqs(feed);
    assert.deepEqual(feed.slice(0, afterKill.feed.length), afterKill.feed, 'no event a unit could have read was renumbered or dropped');
    assert.deepEqual(replay(feed), list);
    assert.deepEqual(list, ['o-001', 'p-001', 'p-003', 'p-004']);
    // The search index too: updated from what the live release held, whatever the killed run recorded.
    const [browse] = (await searchAnswers(await realpath(path.join(out, 'site')), [''])) as { cards: string[][] }[];
    assert.deepEqual(browse!.cards.map((c) => c[0]).sort(), list, 'the search index holds exactly the list');
    assert.deepEqual(await readLedger(layoutOf(out)), feed, 'the ledger and the live feed agree');
    // And nothing the killed run left behind (staging, work files, pieces) holds the party it
    // was taking down: the whole output folder passes the privacy check (exit 1 otherwise).
    await run(process.execPath, ['scripts/verify.ts', '--out', out, '--whole', '--content', content, '--today', '2026-11-28'], { cwd: ROOT });
  });
}

test('a renderer that leaves a planned page unwritten fails the publication: the previous release serves on, and the next run publishes the page', { timeout: 240_000 }, async (t) => {
  const content = await contentFolder({ 'entries/a.json': entries, 'site.json': JSON.stringify({ city: '本溪市', sampleData: true }) });
  const out = path.join(content, '..', `${path.basename(content)}-out`);
  t.after(() => Promise.all([removeFolder(content), removeFolder(out)]));
  assert.equal(await build(content, out, '2026-11-26'), 'done');
  const firstLive = await readlink(path.join(out, 'site'));
  const before = await liveFeedAndList(out);

  await writeFile(path.join(content, 'decisions', 'a.json'), JSON.stringify([decisionRow({ entryId: 'p-002' })]));
  const failed = await run(process.execPath, ['scripts/build.ts', '--content', content, '--out', out, '--today', '2026-11-27'], { cwd: ROOT, env: { ...process.env, GONGSHI_FAILPOINT: 'build:page-unwritten' } }).then(
    () => assert.fail('the publication went on without a planned page'),
    (error: { code?: number; stderr?: string }) => error,
  );
  assert.notEqual(failed.code, 0);
  assert.match(failed.stderr ?? '', /未生成 \S+/);
  assert.equal(await readlink(path.join(out, 'site')), firstLive, 'the previous release still serves');
  assert.deepEqual(await liveFeedAndList(out), before, 'nothing of the failed run was applied');

  assert.equal(await build(content, out, '2026-11-27'), 'done');
  assert.deepEqual((await liveFeedAndList(out)).list, ['o-001', 'p-001']);
});

test('a delist killed after writing its decision is finished by running it again', async (t) => {
  const content = await contentFolder({ 'entries/a.json': entries });
  t.after(() => removeFolder(content));
  const request = { entryId: 'p-002', type: '屏蔽', reason: 'performed', docNumber: '(2024)辽0502执124号之一', court: '本溪市平山区人民法院', decidedOn: '2026-11-20' };
  const file = await recordDecision(content, request);
  assert.equal(await recordDecision(content, request), file, 'the same decision again is accepted');
  await assert.rejects(recordDecision(content, { ...request, docNumber: '(2024)辽0502执124号之二' }), (error: Error) => error instanceof DelistError && error.code === 'DelistFileDiffers');
});

test('a delist killed after its change events are recorded is finished by running it again', { timeout: 240_000 }, async (t) => {
  const content = await contentFolder({ 'entries/a.json': entries, 'site.json': JSON.stringify({ city: '本溪市', sampleData: true }) });
  const out = path.join(content, '..', `${path.basename(content)}-out`);
  t.after(() => Promise.all([removeFolder(content), removeFolder(out)]));
  assert.equal(await build(content, out, '2026-11-26'), 'done');
  const delist = (failpoint?: Failpoint) =>
    run(process.execPath, ['scripts/delist.ts', 'p-002', '--type', '屏蔽', '--reason', 'performed', '--doc', '(2024)辽0502执124号之一', '--court', '本溪市平山区人民法院', '--date', '2026-11-25', '--today', '2026-11-26', '--content', content, '--out', out], { cwd: ROOT, env: { ...process.env, ...(failpoint ? { GONGSHI_FAILPOINT: failpoint } : {}) } }).then(
      () => 'done',
      (error: { signal?: string }) => (error.signal === 'SIGKILL' ? 'killed' : Promise.reject(error)),
    );
  assert.equal(await delist('build:ledger-written'), 'killed');
  assert.equal(await delist(), 'done');
  const { feed, list } = await liveFeedAndList(out);
  assert.deepEqual(list, ['o-001', 'p-001']);
  // The run that finished the job had no event left to record: the search index must still lose p-002.
  const [browse] = (await searchAnswers(await realpath(path.join(out, 'site')), [''])) as { cards: string[][] }[];
  assert.deepEqual(browse!.cards.map((c) => c[0]).sort(), list, 'the search index holds exactly the list');
  assertSeqs(feed);
  assert.deepEqual(replay(feed), list);
  assert.equal(feed.filter((e) => e.entryId === 'p-002' && e.op === 'DEL').length, 1, 'one DEL, not two');
});
