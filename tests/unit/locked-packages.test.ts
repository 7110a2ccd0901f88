// What of the lock file the code that renders pages depends on (scripts/lib/locked-packages.ts):
// rendererVersion hashes it, so a test or benchmark tool added to the lock file does not
// render every page again, while a change to any package a page's code reaches does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { lockedClosure, packageOf } from '../../scripts/lib/locked-packages.ts';
import { packagesIn } from '../../scripts/lib/publish.ts';
import { rendererFiles } from '../../scripts/lib/code-sources.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

type Packages = Record<string, { version: string; integrity?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>;
const lockOf = (packages: Packages) => ({ lockfileVersion: 3, packages: { '': { name: 'p' }, ...packages } });

test('a dependency is found where npm installs it: the nested copy first, then each enclosing node_modules', () => {
  const lock = lockOf({
    'node_modules/a': { version: '1.0.0', dependencies: { b: '^2', c: '^1' } },
    'node_modules/a/node_modules/b': { version: '2.0.0', dependencies: { c: '^1', d: '^1' } },
    'node_modules/a/node_modules/b/node_modules/d': { version: '1.5.0' },
    'node_modules/b': { version: '1.0.0' },
    'node_modules/c': { version: '1.0.0', dependencies: { a: '^1' } },
    'node_modules/d': { version: '1.0.0' },
    'node_modules/unrelated': { version: '9.9.9' },
  });
  assert.deepEqual(lockedClosure(lock, ['a']), [
    'node_modules/a 1.0.0 ',
    'node_modules/a/node_modules/b 2.0.0 ',
    'node_modules/a/node_modules/b/node_modules/d 1.5.0 ',
    'node_modules/c 1.0.0 ',
  ]);
});

test('optional and peer dependencies count, and one the lock does not hold is named as missing', () => {
  const lock = lockOf({
    'node_modules/a': { version: '1.0.0', optionalDependencies: { native: '1' }, peerDependencies: { peer: '*', absent: '*' } },
    'node_modules/native': { version: '1.0.0', integrity: 'sha512-x' },
    'node_modules/peer': { version: '3.0.0' },
  });
  assert.deepEqual(lockedClosure(lock, ['a', 'gone']), ['absent missing', 'gone missing', 'node_modules/a 1.0.0 ', 'node_modules/native 1.0.0 sha512-x', 'node_modules/peer 3.0.0 ']);
});

test('a lock file of another shape gives no lines, so that the whole file is hashed instead', () => {
  for (const lock of [null, 'text', { lockfileVersion: 1, dependencies: {} }, { lockfileVersion: 3 }, { packages: {} }]) assert.equal(lockedClosure(lock, ['a']), null);
});

test('module specifiers name their package, subpaths, scopes and Astro virtual modules alike', () => {
  assert.equal(packageOf('zod/v4'), 'zod');
  assert.equal(packageOf('@scope/pkg/x/y'), '@scope/pkg');
  assert.equal(packageOf('astro:assets'), 'astro');
  assert.equal(packageOf('csv-parse/browser/esm/sync'), 'csv-parse');
});

test("on the project's lock file, any package outside what pages reach can change without changing the renderer's lines, and any package inside changes them", async () => {
  const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const roots = ['astro', ...packagesIn(await rendererFiles())];
  assert.ok(roots.includes('tailwindcss'), 'the style sheet imports tailwindcss');
  const lines = lockedClosure(lock, roots)!;
  const reached = new Set(lines.map((line) => line.split(' ')[0]));
  assert.ok(reached.has('node_modules/vite'), 'Astro runs on Vite');
  for (const tool of ['node_modules/fast-check', 'node_modules/@playwright/test', 'node_modules/stream-json', 'node_modules/lighthouse']) {
    assert.ok(!reached.has(tool), `${tool} renders no page`);
  }
  const places = Object.keys(lock.packages).filter((place) => place !== '');
  const inside = places.filter((place) => reached.has(place));
  const outside = places.filter((place) => !reached.has(place));
  assert.ok(inside.length > 100 && outside.length > 20);
  const bumped = (place: string) => ({ ...lock, packages: { ...lock.packages, [place]: { ...lock.packages[place], version: '0.0.0-other' } } });
  fc.assert(
    fc.property(fc.constantFrom(...outside), fc.constantFrom(...inside), (out, into) => {
      assert.deepEqual(lockedClosure(bumped(out), roots), lines, `${out} changed the renderer's lines`);
      assert.notDeepEqual(lockedClosure(bumped(into), roots), lines, `${into} did not change them`);
    }),
    { numRuns: 40 },
  );
  const withTool = { ...lock, packages: { ...lock.packages, 'node_modules/a-new-test-tool': { version: '1.0.0' } } };
  assert.deepEqual(lockedClosure(withTool, roots), lines, 'a dependency added for tests renders no page again');
});
