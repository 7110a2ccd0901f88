// Page templates are code, the list is data. A template that names a listed person (an example
// query, a help text) would keep that name on the site after the court delists him, and the
// privacy check would then refuse every build until someone edits the template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { pinyinJoined } from '../../scripts/lib/pinyin.ts';
import { ROOT } from '../fixtures/unit/records.ts';

async function* sources(dir: string): AsyncGenerator<string> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, d.name);
    if (d.isDirectory()) yield* sources(file);
    else if (/\.(astro|ts|css)$/.test(d.name)) yield file;
  }
}

test('no page template names a person or organisation of the list, nor their pinyin', async () => {
  const { state } = await loadPublishState(path.join(ROOT, 'content'), '2026-11-26');
  const names = new Set<string>();
  for (const e of state.entries) {
    names.add(e.name);
    const pinyin = pinyinJoined(e);
    if (pinyin.length >= 6) names.add(pinyin);
  }
  const found: string[] = [];
  for await (const file of sources(path.join(ROOT, 'site'))) {
    const text = await readFile(file, 'utf8');
    for (const name of names) if (text.includes(name)) found.push(`${path.relative(ROOT, file)}: ${name}`);
  }
  assert.deepEqual(found, []);
});
