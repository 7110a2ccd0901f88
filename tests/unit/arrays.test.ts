// Lists that grow with the data are appended with appendAll (scripts/lib/arrays.ts), never by
// spreading them into push(): at 300,000 entries a batch of 1,000 crashed the search index's
// update with "Maximum call stack size exceeded" (order.push(...old.slice(next))).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAll } from '../../scripts/lib/arrays.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

test('appendAll appends half a million items, where spreading them into push() overflows the stack', () => {
  const many = Array.from({ length: 500_000 }, (_, i) => i);
  assert.throws(() => [0].push(...many), RangeError);
  const all = appendAll([-1], many);
  assert.equal(all.length, 500_001);
  assert.equal(all.at(-1), 499_999);
  assert.deepEqual(appendAll([1], new Set([2, 3])), [1, 2, 3]);
});

/**
 * Where a spread into push() stays: the browser's query planning (a query's few pieces; the
 * browser code does not import the Node library), and the state's chunks (a 256th of the list
 * each, read back in state-files.ts: past 30 million entries before one overflows).
 */
const ALLOWED = new Set(['scripts/lib/shared/search/query.ts', 'scripts/lib/state-files.ts']);

test('the publisher\'s code appends no list by spreading it into push()', async () => {
  const offenders: string[] = [];
  for (const dir of ['scripts', 'site']) {
    for (const item of await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!item.isFile() || !/\.(ts|astro)$/.test(item.name)) continue;
      const file = path.relative(ROOT, path.join(item.parentPath, item.name));
      if (ALLOWED.has(file) || file === 'scripts/lib/arrays.ts') continue;
      const source = await readFile(path.join(ROOT, file), 'utf8');
      for (const [i, line] of source.split('\n').entries()) if (/\.push\(\s*\.\.\./.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
    }
  }
  assert.deepEqual(offenders, []);
});
