// The published state on disk (scripts/lib/state-files.ts): a head and the entries in chunks,
// read back whole by the next publication and lazily by the page process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { deriveBuildState, newChangeEvents, type BuildState } from '../../scripts/lib/build-state.ts';
import { changedEntries, chunkOf, lazyState, readState, readStateEntries, stageState, STATE_HEAD, writeState } from '../../scripts/lib/state-files.ts';
import { newestFirst } from '../../scripts/lib/list-order.ts';
import { fromPlannedPath, plannedOutputs, routePaths } from '../../scripts/lib/plan.ts';
import { outputFile, ROUTES, type RouteId } from '../../scripts/lib/pages.ts';
import { ROOT } from '../fixtures/unit/records.ts';

async function sampleState(builtAt = '2026-12-01T00:00:00.000Z'): Promise<BuildState> {
  const { state } = await loadPublishState(path.join(ROOT, 'content'), '2026-12-01');
  return deriveBuildState(state, newChangeEvents([], state, builtAt), builtAt);
}

/** What a reader can get back: JSON has no `undefined` (as when the state was one JSON file). */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const scratch = () => mkdtemp(path.join(os.tmpdir(), 'gongshi-state-'));

test('the state read back from its folder equals the state written, in the list\'s order, whatever the number of its chunks', async () => {
  const state = await sampleState();
  const dir = await scratch();
  try {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.nat({ max: state.entries.length }), async (chunks, count) => {
        const written = { ...state, entries: state.entries.slice(0, count) };
        await writeState(dir, written, { chunks });
        assert.deepEqual(await readState(dir), asJson(written));
        assert.deepEqual(lazyState(dir, await readFile(path.join(dir, STATE_HEAD), 'utf8')).entries, asJson(written.entries));
      }),
      { numRuns: 25 },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('reading with a filter keeps exactly the entries whose ids it accepts, in order', async () => {
  const state = await sampleState();
  const dir = await scratch();
  try {
    await writeState(dir, state, { chunks: 7 });
    const wanted = new Set(state.entries.filter((_, i) => i % 5 === 0).map((e) => e.id));
    const read = await readState(dir, (id) => wanted.has(id));
    assert.deepEqual(read?.entries, asJson(state.entries.filter((e) => wanted.has(e.id))));
    assert.deepEqual(read?.courts, asJson(state.courts));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the page process reads no chunk of entries until a page lists them', async () => {
  const state = await sampleState();
  const dir = await scratch();
  try {
    await writeState(dir, state, { chunks: 10 });
    const head = await readFile(path.join(dir, STATE_HEAD), 'utf8');
    // The chunks are gone: whatever the head serves still works, the entries cannot be read.
    for (const file of await readdir(dir)) if (file !== STATE_HEAD) await rm(path.join(dir, file));
    const lazy = lazyState(dir, head);
    assert.deepEqual(lazy.courts, asJson(state.courts));
    assert.deepEqual(lazy.namesakes, asJson(state.namesakes));
    assert.throws(() => lazy.entries, { code: 'ENOENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('two states that differ only in their build time have one content hash, and any changed entry changes it', async () => {
  const [a, b] = [await sampleState('2026-12-01T01:00:00.000Z'), await sampleState('2026-12-01T02:00:00.000Z')];
  const dir = await scratch();
  try {
    const hashA = await writeState(dir, a, { chunks: 9 });
    assert.equal(await writeState(dir, b, { chunks: 9 }), hashA);
    const edited = { ...b, entries: b.entries.map((e, i) => (i === 17 ? { ...e, obligation: `${e.obligation}。` } : e)) };
    assert.notEqual(await writeState(dir, edited, { chunks: 9 }), hashA);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a patch\'s plan hands every page the same paths and props it would take from the state', async () => {
  const state = await sampleState();
  const everything = (Object.keys(ROUTES) as RouteId[]).flatMap((route) => routePaths(state, route, null).map((o) => outputFile(route, o.params)));
  // Through JSON, as the page process reads the plan file.
  const planned = JSON.parse(JSON.stringify(plannedOutputs(state, everything))) as ReturnType<typeof plannedOutputs>;
  for (const route of Object.keys(ROUTES) as RouteId[]) {
    const fromState = routePaths(state, route, null);
    const fromPlan = (planned?.[route] ?? []).map(fromPlannedPath);
    assert.deepEqual(fromPlan.map((o) => o.params), fromState.map((o) => o.params), route);
    assert.deepEqual(fromPlan.map((o) => o.props), asJson(fromState.map((o) => o.props ?? null)).map((p) => p ?? undefined), route);
  }
});

test('the entries that differ between two states are exactly those edited, gone or new, each from its own side', async () => {
  const state = await sampleState();
  const [a, b] = [await scratch(), await scratch()];
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('keep', 'drop', 'edit'), { minLength: state.entries.length, maxLength: state.entries.length }),
        fc.nat({ max: 20 }),
        fc.integer({ min: 1, max: 30 }),
        // Cut alike (compared chunk by chunk, by hash), or not (compared whole), linked or written.
        fc.constantFrom(0, 1),
        fc.boolean(),
        async (fate, added, chunks, more, linked) => {
          const next = state.entries.flatMap((e, i) => (fate[i] === 'drop' ? [] : fate[i] === 'edit' ? [{ ...e, obligation: `${e.obligation}（补正）` }] : [e]));
          const fresh = state.entries.slice(0, added).map((e) => ({ ...e, id: `${e.id}-new` }));
          await writeState(a, state, { chunks });
          await writeState(b, { ...state, entries: [...fresh, ...next].sort(newestFirst) }, { chunks: chunks + more, ...(linked ? { live: a } : {}) });
          const { before, after } = await changedEntries(a, b);
          assert.deepEqual(before, asJson(state.entries.filter((_, i) => fate[i] !== 'keep')));
          assert.deepEqual(after, asJson([...fresh, ...next.filter((e) => !state.entries.includes(e))].sort(newestFirst)));
        },
      ),
      { numRuns: 15 },
    );
  } finally {
    await Promise.all([a, b].map((d) => rm(d, { recursive: true, force: true })));
  }
});

/** The chunk files of a state's folder, by name. */
const chunkFiles = async (dir: string) => (await readdir(dir)).filter((f) => f !== STATE_HEAD).sort();

test('a state staged beside the live one writes only the chunk a delisting changed and links every other from the live state', async () => {
  const state = await sampleState();
  const [a, b] = [await scratch(), await scratch()];
  try {
    await writeState(a, state, { chunks: 8 });
    const gone = state.entries[3]!;
    const staged = await stageState(b, { ...state, entries: state.entries.filter((e) => e !== gone) }, { chunks: 8, live: a });
    await staged.commit();
    assert.equal(staged.written, 1);
    const changed = path.basename((await chunkFiles(a))[0]!).replace(/\d{4}/, String(chunkOf(gone.id, 8)).padStart(4, '0'));
    for (const file of await chunkFiles(a)) {
      const [live, own] = [await stat(path.join(a, file)), await stat(path.join(b, file)).catch(() => null)];
      if (file === changed) assert.notEqual(own?.ino, live.ino, file);
      else assert.equal(own?.ino, live.ino, `${file} is the live state's file`);
    }
    assert.deepEqual((await readState(b))?.entries, asJson(state.entries.filter((e) => e !== gone)));
  } finally {
    await Promise.all([a, b].map((d) => rm(d, { recursive: true, force: true })));
  }
});

test('comparing two states reads only the chunks whose hashes differ', async () => {
  const state = await sampleState();
  const [a, b] = [await scratch(), await scratch()];
  try {
    await writeState(a, state, { chunks: 8 });
    const gone = state.entries[5]!;
    await writeState(b, { ...state, entries: state.entries.filter((e) => e !== gone) }, { chunks: 8 });
    // Every chunk but the delisted entry's is gone from the live side: reading one would fail.
    const kept = `entries-${String(chunkOf(gone.id, 8)).padStart(4, '0')}.jsonl`;
    for (const file of await chunkFiles(a)) if (file !== kept) await rm(path.join(a, file));
    assert.deepEqual(await changedEntries(a, b), { before: asJson([gone]), after: [] });
  } finally {
    await Promise.all([a, b].map((d) => rm(d, { recursive: true, force: true })));
  }
});

test('a few entries are read from their own chunks alone', async () => {
  const state = await sampleState();
  const dir = await scratch();
  try {
    await writeState(dir, state, { chunks: 8 });
    const ids = [state.entries[7]!.id, state.entries[2]!.id, 'no-such-id'];
    const own = new Set(ids.map((id) => `entries-${String(chunkOf(id, 8)).padStart(4, '0')}.jsonl`));
    for (const file of await chunkFiles(dir)) if (!own.has(file)) await rm(path.join(dir, file));
    assert.deepEqual(await readStateEntries(dir, ids), asJson([state.entries[2]!, state.entries[7]!]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a live state of the earlier layout (the list cut in order) is still read, compared and staged beside', async () => {
  const state = await sampleState();
  const [old, b] = [await scratch(), await scratch()];
  try {
    // As the previous version of state-files.ts wrote it: chunks of 7 entries in list order.
    const { entries, ...head } = state;
    await mkdir(old, { recursive: true });
    let chunks = 0;
    for (let i = 0; i < entries.length; i += 7) {
      const text = entries.slice(i, i + 7).map((e) => `${JSON.stringify(e.id)}\t${JSON.stringify(e)}\n`).join('');
      await writeFile(path.join(old, `entries-${String(chunks++).padStart(4, '0')}.jsonl`), text);
    }
    await writeFile(path.join(old, STATE_HEAD), JSON.stringify({ ...head, entryChunks: chunks }));
    assert.deepEqual(await readState(old), asJson(state));
    const gone = state.entries[4]!;
    await writeState(b, { ...state, entries: state.entries.filter((e) => e !== gone) }, { live: old });
    assert.deepEqual(await changedEntries(old, b), { before: asJson([gone]), after: [] });
    assert.deepEqual(await readStateEntries(old, [gone.id]), asJson([gone]));
  } finally {
    await Promise.all([old, b].map((d) => rm(d, { recursive: true, force: true })));
  }
});
