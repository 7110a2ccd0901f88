// Property: over any sequence of content changes, days and damage to the cache folder, a load
// through the read cache gives exactly what a load without it gives (state, hidden parties,
// problems, batch hashes, or the same refusal), and the folder ends holding one read per file.
// Content comes from the generator of tests/property/scenario.ts (entries of every status,
// decisions arriving, deleted and cut short, cases naming hidden parties); on top of it batches
// are edited, copied and deleted, a court directory comes and goes, the cache is damaged and the
// reading code's version changes. The change feed's events, from the entries' hashes kept with
// their reads, equal the events of hashing every entry anew, step after step of one feed.
// GONGSHI_PROPERTY_RUNS sets the runs (default 100).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { loadPublishState, type LoadResult } from '../../scripts/lib/publish-state.ts';
import { ReadCache } from '../../scripts/lib/read-cache.ts';
import { entryHash, newChangeEvents, type ChangeEvent } from '../../scripts/lib/build-state.ts';
import { UnreadableDecisionsError } from '../../scripts/lib/report.ts';
import { materialise, scenarioArb } from '../property/scenario.ts';

const runs = Number(process.env.GONGSHI_PROPERTY_RUNS ?? 100);
const seed = process.env.GONGSHI_FUZZ_SEED === undefined ? undefined : Number(process.env.GONGSHI_FUZZ_SEED);

const COURTS = [
  JSON.stringify({ courts: [{ name: '本溪市平山区人民法院', address: '地址', phone: '12368', hours: '工作日', superiorCourt: '本溪市中级人民法院' }] }),
  JSON.stringify({ courts: [{ name: '本溪市溪湖区人民法院', address: '', phone: '12368', hours: '工作日', superiorCourt: '本溪市中级人民法院' }, { name: '本溪市溪湖区人民法院' }] }),
  '{ "courts": [',
];

/** A change to the content folder, made before the load of its step and kept afterwards. */
const contentEditArb = fc.oneof(
  fc.record({ kind: fc.constant('dropLastLine' as const), file: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), file: fc.nat() }),
  fc.record({ kind: fc.constant('copy' as const), file: fc.nat() }),
  // Every obligation in an entry batch reworded: its published entries change (a MOD in the feed).
  fc.record({ kind: fc.constant('reword' as const), file: fc.nat() }),
  fc.record({ kind: fc.constant('courts' as const), which: fc.nat(COURTS.length) }),
);
type ContentEdit = typeof contentEditArb extends fc.Arbitrary<infer T> ? T : never;

/** Damage to the cache folder before a step's loads. */
const cacheDamageArb = fc.record({ kind: fc.constantFrom('truncate', 'flip', 'swap', 'delete'), file: fc.nat(), other: fc.nat() });

const stepArb = fc.record({ edits: fc.array(contentEditArb, { maxLength: 2 }), damage: fc.option(cacheDamageArb, { freq: 3 }), version: fc.constantFrom('code 1', 'code 1', 'code 1', 'code 1', 'code 2') });

function applyEdit(files: Map<string, string>, edit: ContentEdit, step: number): void {
  const batches = [...files.keys()].filter((f) => f.startsWith('entries/') || f.startsWith('decisions/') || f.startsWith('cases/')).sort();
  if (edit.kind === 'courts') {
    if (edit.which === COURTS.length) files.delete('courts.json');
    else files.set('courts.json', COURTS[edit.which]!);
    return;
  }
  if (edit.kind === 'reword') {
    const entryBatches = batches.filter((f) => f.startsWith('entries/'));
    const name = entryBatches[edit.file % Math.max(1, entryBatches.length)];
    if (name) files.set(name, files.get(name)!.replaceAll('支付货款', '偿还货款'));
    return;
  }
  if (batches.length === 0) return;
  const name = batches[edit.file % batches.length]!;
  const text = files.get(name)!;
  if (edit.kind === 'delete') files.delete(name);
  else if (edit.kind === 'copy') files.set(name.replace(/(\.\w+)$/, `-copy${step}$1`), text);
  else files.set(name, text.replace(/\r?\n?[^\n]*\r?\n?$/, '\n'));
}

/** Writes `files` into `dir` and removes what is not among them, so the folder's path stays the same. */
async function syncContent(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const sub of ['entries', 'decisions', 'cases', 'measures']) {
    await mkdir(path.join(dir, sub), { recursive: true });
    for (const name of await readdir(path.join(dir, sub))) if (!files.has(`${sub}/${name}`)) await rm(path.join(dir, sub, name));
  }
  if (!files.has('courts.json')) await rm(path.join(dir, 'courts.json'), { force: true });
  for (const [name, text] of files) {
    const file = path.join(dir, name);
    if ((await readFile(file, 'utf8').catch(() => null)) !== text) await writeFile(file, text);
  }
}

async function damage(dir: string, d: { kind: string; file: number; other: number }): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  if (names.length === 0) return;
  const file = path.join(dir, names[d.file % names.length]!);
  const bytes = await readFile(file);
  if (d.kind === 'truncate') await writeFile(file, bytes.subarray(0, bytes.length >> 1));
  else if (d.kind === 'flip') await writeFile(file, Buffer.from(bytes.map((b, i) => (i === d.other % bytes.length ? b ^ 1 : b))));
  else if (d.kind === 'swap') await writeFile(file, await readFile(path.join(dir, names[d.other % names.length]!)));
  else await rm(file);
}

type Outcome = LoadResult | { thrown: string; problems: unknown };

async function outcome(load: Promise<LoadResult>): Promise<Outcome> {
  try {
    return await load;
  } catch (error) {
    if (!(error instanceof UnreadableDecisionsError)) throw error;
    return { thrown: error.message, problems: error.problems };
  }
}

test('through any sequence of content edits, days, cache damage and code versions, a load through the read cache equals a load without it, and so do the change events its kept hashes give', async () => {
  await fc.assert(
    fc.asyncProperty(scenarioArb({ maxEntries: 8, minBuilds: 2, maxBuilds: 3 }), fc.array(stepArb, { minLength: 3, maxLength: 3 }), async (scenario, steps) => {
      const f = materialise(scenario);
      const root = await mkdtemp(path.join(os.tmpdir(), 'gongshi-read-cache-prop-'));
      const content = path.join(root, 'content');
      const cacheDir = path.join(root, 'read-cache');
      const edits: { edit: ContentEdit; step: number }[] = [];
      const ledger: ChangeEvent[] = [];
      try {
        for (let step = 0; step < f.dates.length; step++) {
          const { edits: now, damage: hurt, version } = steps[step]!;
          edits.push(...now.map((edit) => ({ edit, step })));
          const files = new Map(f.contents[step]!);
          for (const { edit, step: at } of edits) applyEdit(files, edit, at);
          await syncContent(content, files);
          if (hurt) await damage(cacheDir, hurt);
          const date = f.dates[step]!;
          const plain = await outcome(loadPublishState(content, date));
          const cache = new ReadCache(cacheDir, version);
          assert.deepStrictEqual(await outcome(loadPublishState(content, date, undefined, [], {}, { readCache: cache })), plain, `step ${step + 1}, through the cache`);
          const again = new ReadCache(cacheDir, version);
          const warm = await outcome(loadPublishState(content, date, undefined, [], {}, { readCache: again }));
          assert.deepStrictEqual(warm, plain, `step ${step + 1}, warm`);
          if (!('thrown' in warm) && !('thrown' in plain)) {
            for (const entry of warm.state.entries) assert.equal(warm.entryHashes.get(entry), entryHash(entry), `step ${step + 1}: ${entry.id}'s kept hash`);
            const recordedAt = `2026-01-0${step + 1}T00:00:00.000Z`;
            const events = newChangeEvents(ledger, warm.state, recordedAt, warm.entryHashes);
            assert.deepStrictEqual(events, newChangeEvents(ledger, plain.state, recordedAt), `step ${step + 1}: the change events`);
            ledger.push(...events);
          }
          // Whatever the readers made, the shape checks accept: nothing unchanged is read twice.
          assert.equal(again.stats.misses, 0, `step ${step + 1}: a file was read afresh from a warm cache`);
          if (!('thrown' in plain)) assert.equal((await readdir(cacheDir)).length, again.stats.hits, `step ${step + 1}: one kept read per file read`);
        }
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    }),
    { numRuns: runs, seed },
  );
});
