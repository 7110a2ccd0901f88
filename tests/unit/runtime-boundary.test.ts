import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// The browser tsconfigs leave out Node's types, which catches a `node:` import written in these folders; but
// a package or a Node module imported from here brings Node's types in with it (csv-parse, iconv-lite declare
// them), so the compiler alone cannot see a Node-only module reached through one import. This test can.
const root = path.resolve(import.meta.dirname, '../..');
const SHARED = path.join(root, 'scripts/lib/shared');
const BROWSER = path.join(root, 'site/browser');

function sourcesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
}

/** Every import of `file` that leaves the folders in `allowed`: a package, a `node:` module or another file. */
function importsOutside(file: string, allowed: string[]): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((spec) => {
      if (!spec.startsWith('.')) return true;
      const target = path.resolve(path.dirname(file), spec);
      return !allowed.some((dir) => target.startsWith(dir + path.sep));
    })
    .map((spec) => `${path.relative(root, file)} → ${spec}`);
}

describe('code that runs in the browser', () => {
  test('scripts/lib/shared imports nothing but itself: no package, no node: module, no Node-only library file', () => {
    const files = sourcesIn(SHARED);
    assert.ok(files.length > 5, 'the shared folder has its modules');
    assert.deepEqual(files.flatMap((file) => importsOutside(file, [SHARED])), []);
  });

  test('site/browser imports only itself and scripts/lib/shared', () => {
    const files = sourcesIn(BROWSER);
    assert.ok(files.length > 0);
    assert.deepEqual(files.flatMap((file) => importsOutside(file, [SHARED, BROWSER])), []);
  });
});
