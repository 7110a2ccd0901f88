// The partition boundary (scripts/lib/partition.ts): a court's pages must read nothing of
// another court but the merged tables, or independent runs per court could not make them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { deriveBuildState, newChangeEvents } from '../../scripts/lib/build-state.ts';
import { COURT_SCOPED_ROUTES, courtPartitions, MERGED_ROUTES, outputKeys } from '../../scripts/lib/partition.ts';
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
