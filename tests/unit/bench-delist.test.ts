// The delisting bench picks the entries it delists from the live entries.json a piece at a time:
// at 1,000,000 entries the file (952 MB) cannot be read as one string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { entriesToDelist } from '../../scripts/bench/delist.ts';

test('the bench delists every 7,919th published entry, wrapping round a shorter list, reading only as far as it needs', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-bench-delist-'));
  const file = path.join(dir, 'entries.json');
  const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p-${i}`, court: `法院${i % 7}` }));
  await writeFile(file, JSON.stringify({ format: 'gongshi-entries/1', count: 20_000, entries: entries(20_000) }));
  assert.deepEqual(await entriesToDelist(file, 2), [{ id: 'p-7919', court: '法院2' }, { id: 'p-15838', court: '法院4' }]);
  // Reading stops after the last entry it needs: what follows may even be cut off.
  await writeFile(file, `${JSON.stringify({ count: 9_000, entries: entries(8_000) }).slice(0, -2)},`);
  assert.deepEqual((await entriesToDelist(file, 1)).map((e) => e.id), ['p-7919']);
  await writeFile(file, JSON.stringify({ count: 10_000, entries: entries(10_000) }));
  assert.deepEqual((await entriesToDelist(file, 2)).map((e) => e.id), ['p-7919', 'p-5838']);
  await writeFile(file, JSON.stringify({ count: 0, entries: [] }));
  await assert.rejects(entriesToDelist(file, 1), /no published entries/);
  await rm(dir, { recursive: true, force: true });
});

test('the benches print issue #10\'s target and the figure measured when it was filed beside a median at 100,000 entries, the target alone at a million, nothing at other sizes', async () => {
  const { againstTargets } = await import('../../scripts/bench/targets.ts');
  assert.equal(againstTargets('delisting', 100_768), ' (target ≤ 5 s; when issue #10 was filed: 7.6 s by the express path)');
  assert.equal(againstTargets('first', 1_000_000), ' (target ≤ 1200 s)');
  assert.equal(againstTargets('first', 1_000), '');
  assert.equal(againstTargets('batch', 1_000_000), '', 'the issue sets no batch target at a million');
});
