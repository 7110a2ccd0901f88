// The partition boundary (scripts/lib/partition.ts): a court's pages must read nothing of
// another court but the merged tables, or independent runs per court could not make them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { deriveBuildState, newChangeEvents } from '../../scripts/lib/build-state.ts';
import fc from 'fast-check';
import { COURT_SCOPED_ROUTES, courtPartitions, MERGED_ROUTES, outputKeys, outputKeysReusing } from '../../scripts/lib/partition.ts';
import type { PublishState } from '../../scripts/lib/publish-state.ts';
import { routeKeys } from '../../scripts/lib/pages.ts';
import { ROOT } from '../fixtures/unit/records.ts';

async function sampleState() {
  const { state } = await loadPublishState(path.join(ROOT, 'content'), '2026-12-01');
  const changes = newChangeEvents([], state, '2026-12-01T00:00:00.000Z');
  return deriveBuildState(state, changes, '2026-12-01T00:00:00.000Z');
}

test('each court-scoped page has the same key rendered from its court\'s partition as from the whole list', async () => {
  const state = await sampleState();
  const whole = routeKeys(state, COURT_SCOPED_ROUTES);
  const parts = courtPartitions(state);
  assert.ok(parts.length > 3, 'the sample has several courts');
  let seen = 0;
  for (const part of parts) {
    for (const [file, key] of routeKeys(part, COURT_SCOPED_ROUTES)) {
      assert.equal(key, whole.get(file), `${file} reads something outside its court's partition`);
      seen++;
    }
  }
  assert.equal(seen, whole.size, 'every court-scoped output belongs to one partition');
  // What the planner uses is the same: merged outputs from the whole list, the rest by partition.
  assert.deepEqual(outputKeys(state), new Map([...routeKeys(state, MERGED_ROUTES), ...whole]));
});

test('an entry page reads its namesakes from the merged table, not from its partition', async () => {
  const state = await sampleState();
  const name = Object.entries(state.namesakes).find(([n, count]) => count > 1 && new Set(state.entries.filter((e) => e.name === n).map((e) => e.court)).size > 1)?.[0];
  assert.ok(name, 'the sample has namesakes in two courts');
  const part = courtPartitions(state).find((p) => p.entries.some((e) => e.name === name))!;
  assert.ok(part.entries.filter((e) => e.name === name).length < state.namesakes[name]!, 'the partition alone sees fewer of them');
  assert.equal(part.namesakes[name], state.namesakes[name]);
});

/** The sample's state after `change`, derived as a build derives it. */
async function changedState(change: (state: PublishState) => PublishState = (s) => s) {
  const { state } = await loadPublishState(path.join(ROOT, 'content'), '2026-12-01');
  const changed = change(state);
  return deriveBuildState(changed, newChangeEvents([], changed, '2026-12-01T00:00:00.000Z'), '2026-12-01T00:00:00.000Z');
}

/** The live release's keys, each marked, so that a key taken from them can be told from one made again. */
const marked = (keys: Map<string, string>) => new Map<string, unknown>([...keys].map(([file, key]) => [file, `kept:${key}`]));

test('the planner\'s keys are the same whether a court\'s months are taken from the live release or made again', async () => {
  const state = await changedState();
  const fresh = outputKeysReusing(state, 'v1');
  assert.deepEqual(new Map([...fresh.keys].sort()), new Map([...outputKeys(state)].sort()));
  // Nothing changed: every entry page and month list page is taken from the live release, and is the same.
  const again = outputKeysReusing(state, 'v1', { keys: marked(fresh.keys), units: fresh.units });
  const kept = [...again.keys].filter(([, key]) => key.startsWith('kept:'));
  assert.ok(kept.some(([file]) => file.startsWith('entry/')) && kept.some(([file]) => /^list\/[^/]+\/\d{4}-\d{2}\//.test(file)), 'entry pages and month lists are reused');
  for (const [file, key] of again.keys) assert.equal(key.replace(/^kept:/, ''), fresh.keys.get(file), file);
  assert.deepEqual(again.units, fresh.units);
});

test('a court\'s month whose entries, namesakes, court, contact, measures or site changed is never taken from the live release', async () => {
  const base = await changedState();
  const before = outputKeysReusing(base, 'v1');
  const n = base.entries.length;
  const changes: fc.Arbitrary<(s: PublishState) => PublishState>[] = [
    fc.nat({ max: n - 1 }).map((i) => (s: PublishState) => ({ ...s, entries: s.entries.map((e, j) => (j === i ? { ...e, obligation: `${e.obligation}（补正）` } : e)) })),
    fc.nat({ max: n - 1 }).map((i) => (s: PublishState) => ({ ...s, entries: s.entries.filter((_, j) => j !== i) })),
    // A namesake in another court: only the count an entry page shows changes.
    fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })).map(([i, j]) => (s: PublishState) => ({ ...s, entries: s.entries.map((e, k) => (k === i ? { ...e, name: s.entries[j]!.name } : e)) })),
    fc.nat({ max: 20 }).map((i) => (s: PublishState) => ({ ...s, courtDirectory: s.courtDirectory.map((c, k) => (k === i ? { ...c, phone: '024-00000000' } : c)) })),
    fc.constant((s: PublishState) => ({ ...s, measures: { ...s.measures, groups: s.measures.groups.slice(1) } })),
    fc.constant((s: PublishState) => ({ ...s, site: { ...s.site, city: '辽阳市' } })),
  ];
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(...changes), { minLength: 1, maxLength: 3 }), async (edits) => {
      const after = await changedState((s) => edits.reduce((state, edit) => edit(state), s));
      const truth = outputKeys(after);
      const planned = outputKeysReusing(after, 'v1', { keys: marked(before.keys), units: before.units });
      assert.deepEqual([...planned.keys.keys()].sort(), [...truth.keys()].sort());
      for (const [file, key] of planned.keys) {
        assert.equal(key.replace(/^kept:/, ''), truth.get(file), `${file}: a key taken from the live release is not what the output now reads`);
      }
    }),
    { numRuns: 40 },
  );
});

test('kept keys made by other code, or damaged, are not trusted', async () => {
  const state = await changedState();
  const fresh = outputKeysReusing(state, 'v1');
  const truth = new Map([...fresh.keys].sort());
  const plain = (keys: Map<string, string>) => new Map([...keys].sort());
  // Other code: nothing is reused.
  assert.deepEqual(plain(outputKeysReusing(state, 'v2', { keys: marked(fresh.keys), units: fresh.units }).keys), truth);
  // A unit that names outputs the live keys do not have, or have as something else than a key.
  const damaged = marked(fresh.keys);
  const entry = [...damaged.keys()].find((file) => file.startsWith('entry/'))!;
  for (const value of [undefined, null, 7]) {
    const keys = new Map(damaged).set(entry, value);
    if (value === undefined) keys.delete(entry);
    const planned = outputKeysReusing(state, 'v1', { keys, units: fresh.units }).keys;
    assert.equal(planned.get(entry), truth.get(entry));
  }
  for (const live of [{ keys: new Map(), units: fresh.units }, { keys: marked(fresh.keys), units: ['x'] }, { keys: marked(fresh.keys), units: null }, { keys: marked(fresh.keys), units: Object.fromEntries(Object.keys(fresh.units).map((unit) => [unit, 7])) }]) {
    assert.deepEqual(plain(outputKeysReusing(state, 'v1', live as never).keys), truth);
  }
});
