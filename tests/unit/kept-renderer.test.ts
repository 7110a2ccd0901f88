// A patch renders with the Astro renderer the last full build kept (scripts/lib/kept-renderer.ts)
// instead of bundling the pages again. These tests hold it to writing what a full build writes,
// and to never using a renderer that is damaged or was made for other code.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readdir, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSite } from '../../scripts/build.ts';
import { recordDecision } from '../../scripts/delist.ts';
import { layoutOf, readLiveState } from '../../scripts/lib/release.ts';
import { isCodeExample, keptRendererKey } from '../../scripts/lib/kept-renderer.ts';
import { rendererVersion, type PublishReport } from '../../scripts/lib/publish.ts';
import { AS_OF, contentFolder, idNumber, personRow, removeFolder, type Row } from '../fixtures/unit/records.ts';

const PINGSHAN = '本溪市平山区人民法院';
const NAMES = ['赵建国', '钱秀英', '孙志强', '李桂兰', '周海燕', '吴明辉'];

function rows(): Row[] {
  return NAMES.map((name, i) => personRow({
    id: `p-${100 + i}`, name, idNumber: idNumber('210502', '19850315', String(101 + 2 * i).padStart(3, '0')),
    caseNumber: `(2025)辽0502执${100 + i}号`, publishedOn: `2025-03-${String(1 + i).padStart(2, '0')}`,
  }));
}

async function site(t: TestContext) {
  const content = await contentFolder({ 'entries/a.json': rows(), 'site.json': JSON.stringify({ city: '本溪市', sampleData: true }) });
  const out = path.join(content, '..', `${path.basename(content)}-out`);
  t.after(async () => {
    await removeFolder(content);
    await removeFolder(out);
    await removeFolder(`${out}-twin`);
  });
  assert.equal((await buildSite({ content, out, today: AS_OF, strict: false, quiet: true })).renderedWith, 'built');
  return { content, out };
}

const decide = (content: string, entryId: string) =>
  recordDecision(content, { entryId, type: '屏蔽', reason: 'performed', docNumber: `(2026)辽0502执异${entryId.slice(2)}号`, court: PINGSHAN, decidedOn: AS_OF });

/** Every file of the live release, build times blanked, compressed copies aside (publish.test.ts compares those). */
async function snapshot(out: string): Promise<Map<string, string>> {
  const root = await realpath(path.join(out, 'site'));
  const files = new Map<string, string>();
  for (const file of await readdir(root, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(root, path.join(file.parentPath, file.name));
    if (!file.isFile() || /\.(gz|br)$/.test(rel) || rel.startsWith('data/index.json') || rel.startsWith('search/i/')) continue;
    files.set(rel, (await readFile(path.join(root, rel), 'utf8')).replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+Z)?/g, '<time>'));
  }
  return files;
}

/** Publishes the content as it is now, and a copy of the output folder as before it in full: the two sites must be the same. */
async function publishBesideFullBuild(content: string, out: string): Promise<PublishReport> {
  const twin = `${out}-twin`;
  await removeFolder(twin);
  await cp(out, twin, { recursive: true, verbatimSymlinks: true });
  const report = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true });
  assert.equal((await buildSite({ content, out: twin, today: AS_OF, strict: false, quiet: true, full: true })).renderedWith, 'built');
  const [patched, rebuilt] = [await snapshot(out), await snapshot(twin)];
  assert.deepEqual([...patched.keys()].sort(), [...rebuilt.keys()].sort());
  for (const [file, text] of rebuilt) assert.equal(patched.get(file), text, `${file} differs from a full build's`);
  return report;
}

async function keptFolder(out: string): Promise<string> {
  const folder = layoutOf(out).keptRenderers;
  const kept = await readdir(folder);
  assert.equal(kept.length, 1, 'one kept renderer, the latest');
  return path.join(folder, kept[0]!);
}

test('a delisting renders with the renderer the full build kept, and writes exactly what a full build writes', async (t) => {
  const { content, out } = await site(t);
  assert.equal(path.basename(await keptFolder(out)), await keptRendererKey(await rendererVersion()));
  await decide(content, 'p-100');
  const report = await publishBesideFullBuild(content, out);
  assert.equal(report.mode, 'patch');
  assert.equal(report.renderedWith, 'kept');
  assert.ok(report.planned.includes('entry/p-100/index.html'));
  // The browser's files are not written again in a patch: they are the live ones.
  assert.ok((await readdir(path.join(out, 'site', '_astro'))).length > 0);
});

test('a kept renderer whose files were damaged is not used: the patch bundles anew, and keeps a sound renderer for the next', async (t) => {
  const { content, out } = await site(t);
  const chunks = path.join(await keptFolder(out), 'prerender', 'chunks');
  // A chunk still valid as code, saying something else on every page it renders.
  let damaged = false;
  for (const name of await readdir(chunks)) {
    const file = path.join(chunks, name);
    const code = await readFile(file, 'utf8');
    if (!damaged && code.includes('名单')) {
      await writeFile(file, code.replaceAll('名单', '名箪'));
      damaged = true;
    }
  }
  assert.ok(damaged);
  await decide(content, 'p-100');
  const report = await publishBesideFullBuild(content, out);
  assert.equal(report.mode, 'patch');
  assert.equal(report.renderedWith, 'built');
  await decide(content, 'p-101');
  assert.equal((await publishBesideFullBuild(content, out)).renderedWith, 'kept', 'the build kept its renderer again');
});

test('a renderer kept for other code is not used, and a release bundles anew whatever is kept', async (t) => {
  const { content, out } = await site(t);
  const kept = await keptFolder(out);
  await rename(kept, path.join(path.dirname(kept), 'kept-for-an-older-renderer'));
  await decide(content, 'p-100');
  const report = await publishBesideFullBuild(content, out);
  assert.equal(report.mode, 'patch');
  assert.equal(report.renderedWith, 'built');
  assert.equal(path.basename(await keptFolder(out)), await keptRendererKey(await rendererVersion()), 'the other one is gone, this one kept');
  // A release (here: asked for) writes the browser's files and the public folder: never from a kept renderer.
  assert.equal((await buildSite({ content, out, today: AS_OF, strict: false, quiet: true, full: true })).renderedWith, 'built');
});

test('a kept renderer is keyed by what is baked into the bundle: the code that renders pages and the site address', async () => {
  const key = await keptRendererKey('renderer-a', 'https://a.example');
  assert.notEqual(key, await keptRendererKey('renderer-b', 'https://a.example'));
  assert.notEqual(key, await keptRendererKey('renderer-a', 'https://b.example'));
  assert.equal(key, await keptRendererKey('renderer-a', 'https://a.example'));
});

test('a kept renderer holds code only: no name of the list is in it', async (t) => {
  const { out } = await site(t);
  const live = (await readLiveState(layoutOf(out)))!;
  const folder = await keptFolder(out);
  for (const file of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const text = await readFile(path.join(file.parentPath, file.name), 'utf8');
    for (const entry of live.entries) assert.ok(!text.includes(entry.name) && !text.includes(entry.caseNumber), `${file.name} holds data of ${entry.id}`);
  }
});

test('a release rendered in two processes, Astro and one with the renderer it just kept, writes exactly what Astro writes alone', async (t) => {
  const { content, out } = await site(t);
  const alone = `${out}-twin`;
  await cp(out, alone, { recursive: true, verbatimSymlinks: true });
  const saved = { ...process.env };
  t.after(() => {
    process.env = saved;
  });
  Object.assign(process.env, { GONGSHI_RENDER_PROCESSES: '2', GONGSHI_RENDER_SPLIT_MIN: '0' });
  const split = await buildSite({ content, out, today: AS_OF, strict: false, quiet: true, full: true });
  Object.assign(process.env, { GONGSHI_RENDER_PROCESSES: '1' });
  const one = await buildSite({ content, out: alone, today: AS_OF, strict: false, quiet: true, full: true });
  assert.deepEqual([split.renderShares, one.renderShares], [2, 0]);
  const [a, b] = [await snapshot(out), await snapshot(alone)];
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [file, text] of b) assert.equal(a.get(file), text, `${file} differs from Astro's alone`);
});

test('a whole-folder privacy check passes over example ID numbers in the kept renderer\'s code, never a non-public party\'s data there', () => {
  const kept = layoutOf('/srv/out').keptRenderers;
  const inCode = path.join(kept, 'k', 'prerender', 'chunks', 'shared.mjs');
  assert.equal(isCodeExample({ file: inCode, what: 'fullIdNumber' }, kept), true);
  assert.equal(isCodeExample({ file: inCode, what: 'sensitive' }, kept), false);
  assert.equal(isCodeExample({ file: '/srv/out/releases/x/entry/p-1/index.html', what: 'fullIdNumber' }, kept), false);
});
