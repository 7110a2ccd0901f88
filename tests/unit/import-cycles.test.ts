// The library's modules form no import cycle, type-only imports included (issue #10): a
// cycle makes the order modules initialise in matter, and says two modules are one idea.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SPECIFIER = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/gm;

async function graph(dirs: readonly string[]): Promise<Map<string, string[]>> {
  const edges = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const item of await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!item.isFile() || !/\.ts$/.test(item.name)) continue;
      const file = path.join(item.parentPath, item.name);
      const source = await readFile(file, 'utf8');
      edges.set(file, [...source.matchAll(SPECIFIER)].map((m) => path.resolve(path.dirname(file), (m[1] ?? m[2])!)));
    }
  }
  return edges;
}

/** One cycle of the graph, as a list of files, or null (depth-first search with colours). */
function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of edges.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

test('no module of the library or the site\'s TypeScript imports itself through others, not even for a type', async () => {
  const cycle = findCycle(await graph(['scripts', 'site']));
  assert.equal(cycle?.map((f) => path.relative(ROOT, f)).join(' → ') ?? null, null);
});

test('the cycle finder finds a cycle', () => {
  assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a']);
  assert.equal(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', []]])), null);
});

test('the library imports nothing of the site\'s nor any command-line script: they are built on it, not the other way round', async () => {
  const lib = path.join(ROOT, 'scripts', 'lib');
  const outside = [...(await graph(['scripts/lib']))].flatMap(([file, imports]) =>
    imports.filter((target) => !target.startsWith(`${lib}${path.sep}`)).map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
  );
  assert.deepEqual(outside, []);
});
