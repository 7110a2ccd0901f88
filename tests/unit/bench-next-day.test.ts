// The next-day bench measures a morning as the operator meets it: `npm run build` for the day
// after the folder's, put back after each run, so that every run starts from the same published day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildSite } from '../../scripts/build.ts';
import { syntheticContent } from '../../scripts/bench/build.ts';
import { morningBatch, nextDayRuns } from '../../scripts/bench/next-day.ts';

test('the next-day bench publishes the day after the folder\'s in the folder itself, from the same folder each run, with the operator\'s kept reads, and leaves the folder as it was', async (t) => {
  const dir = await syntheticContent(300, await mkdtemp(path.join(os.tmpdir(), 'gongshi-bench-next-day-')));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await buildSite({ content: path.join(dir, 'content'), out: path.join(dir, 'out'), today: '2026-11-26', strict: false, quiet: true });
  const freshness = () => readFile(path.join(dir, 'out', 'site', 'freshness.json'), 'utf8');
  const before = await freshness();

  const { today, warm, runs } = await nextDayRuns(dir, 2);
  assert.equal(today, '2026-11-27');
  assert.equal(warm.report, undefined, 'the folder\'s own day again: nothing to publish');
  assert.equal(runs.length, 2);
  for (const { ms, report } of runs) {
    assert.equal(report.mode, 'patch');
    assert.ok(ms > 0);
    // At the folder's own path: no content file read afresh.
    assert.equal(report.reads?.afresh, 0);
    assert.ok(report.reads.kept > 0);
  }
  // Each run from the same folder: the second found the same day to publish as the first.
  assert.equal(runs[1]!.report.applied, runs[0]!.report.applied);
  assert.equal(await freshness(), before);
  await assert.rejects(access(`${dir}.next-day`), 'the copy is removed');

  // A new batch that morning: each run publishes it, and the folder is left without it.
  const { runs: batched } = await nextDayRuns(dir, 1, { batch: 5 });
  const rows = morningBatch(5, today).split('\n').length;
  assert.equal(batched[0]!.report.counts.received, runs[0]!.report.counts.received + rows);
  assert.ok(batched[0]!.report.counts.published > runs[0]!.report.counts.published);
  assert.equal(batched[0]!.report.reads?.afresh, 1, 'the batch alone read afresh');
  assert.equal(await freshness(), before);
  await assert.rejects(access(path.join(dir, 'content', 'entries', 'bench-next-day-batch.jsonl')));
});
