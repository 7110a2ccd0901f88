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

describe('scripts in pages and components', () => {
  // tsc does not read .astro files: code written inside a <script> is type-checked by no one.
  // So a script there imports from site/browser and calls what it imported; any logic of its
  // own (a loop, a branch, a function declaration) lives in site/browser. The one exception is
  // handing packages in (the check tool's file readers, the receipt's QR code), by one-line
  // arrows that load them lazily: site/browser imports no package, whose types may be Node's.
  const SITE = path.join(root, 'site');
  const astroFiles = readdirSync(SITE, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.astro')).map((name) => path.join(SITE, name));
  const scriptsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/<script(?![^>]*\bis:inline)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);

  test('hold no loop, branch or function declaration of their own: their code is in site/browser, where the compiler sees it', () => {
    // Strings first (a URL's // is no comment), then comments.
    const scripts = astroFiles.flatMap((file) => scriptsOf(file).map((body) => ({ file: path.relative(root, file), body: body.replace(/'[^'\n]*'|`[^`]*`|"[^"\n]*"/g, "''").replace(/\/\/.*$/gm, '') })));
    assert.ok(scripts.length >= 8, `the site's scripts are found (${scripts.length})`);
    const logic = scripts.filter(({ body }) => /\b(for|while|if|switch|function)\b|\bdocument\.querySelectorAll\b/.test(body)).map(({ file }) => file);
    assert.deepEqual(logic, []);
  });
});
