// Compressed copies (scripts/lib/precompress.ts) are the release's files too: what they say
// must be exactly what their files say, they are made only from bytes the privacy check found
// clean (it writes them), and the check must read any copy it is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { writeCopies, type CopyPlan } from '../../scripts/lib/precompress.ts';
import { verifyOutput } from '../../scripts/lib/verify-output.ts';
import type { SensitiveRecord } from '../../scripts/lib/hidden-parties.ts';
import { idNumber, removeFolder } from '../fixtures/unit/records.ts';

const PAGE = `<!doctype html><title>名单</title>${'<p>本溪市平山区人民法院 失信被执行人</p>'.repeat(100)}`;

/** The check as a publication runs it, in this thread or in `workers` worker threads (GONGSHI_VERIFY_WORKERS). */
async function checkAndCopy(root: string, copies: CopyPlan = {}, { workers = '0', sensitive = [], asOf }: { workers?: string; sensitive?: SensitiveRecord[]; asOf?: string } = {}) {
  const before = process.env.GONGSHI_VERIFY_WORKERS;
  process.env.GONGSHI_VERIFY_WORKERS = workers;
  try {
    return await verifyOutput(root, sensitive, new Set(), { copies, ...(asOf ? { asOf } : {}) });
  } finally {
    if (before === undefined) delete process.env.GONGSHI_VERIFY_WORKERS;
    else process.env.GONGSHI_VERIFY_WORKERS = before;
  }
}

const exists = (file: string) => access(file).then(
  () => true,
  () => false,
);

for (const workers of ['0', '2']) {
  test(`the check writes copies that say exactly what their files say, only of text files worth it (${workers === '0' ? 'one thread' : 'worker threads'})`, async (t) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'gongshi-precompress-'));
    t.after(() => removeFolder(root));
    await mkdir(path.join(root, 'data'));
    const big = JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ id: `p-${i}`, n: (i * 7919) % 10007 })));
    await writeFile(path.join(root, 'index.html'), PAGE);
    await writeFile(path.join(root, 'data/deltas.json'), big); // over 1 MB: gzip's default level
    await writeFile(path.join(root, 'data/entries.json'), big); // an assembled export: copies of its own making
    await writeFile(path.join(root, 'tiny.css'), 'a{}');
    await writeFile(path.join(root, 'logo.png'), Buffer.alloc(4096));
    const list = `<!doctype html><ol>${Array.from({ length: 800 }, (_, i) => `<li><a href="/entry/p-${i}/">p-${i}</a></li>`).join('')}</ol>`; // over 32 KB: brotli too
    await writeFile(path.join(root, 'list.html'), list);
    // A copy left from an earlier run must not outlive a file that no longer gets one.
    await writeFile(path.join(root, 'index.html.br'), brotliCompressSync(PAGE));
    assert.deepEqual((await checkAndCopy(root, { except: new Set(['data/entries.json']) }, { workers })).leaks, []);
    for (const [file, text] of [['index.html', PAGE], ['list.html', list], ['data/deltas.json', big]] as const) {
      assert.equal(gunzipSync(await readFile(path.join(root, `${file}.gz`))).toString(), text, file);
    }
    for (const [file, text] of [['list.html', list], ['data/deltas.json', big]] as const) {
      assert.equal(brotliDecompressSync(await readFile(path.join(root, `${file}.br`))).toString(), text, file);
    }
    for (const file of ['index.html.br', 'tiny.css.gz', 'logo.png.gz', 'logo.png.br', 'data/entries.json.gz', 'data/entries.json.br', 'index.html.br.gz']) assert.equal(await exists(path.join(root, file)), false, file);

    // A file that shrinks below the threshold loses the copies of what it said before.
    await writeFile(path.join(root, 'index.html'), '<p>ok</p>');
    await writeCopies(path.join(root, 'index.html'), await readFile(path.join(root, 'index.html')));
    assert.equal(await exists(path.join(root, 'index.html.gz')), false);
    assert.equal(await exists(path.join(root, 'index.html.br')), false);
  });

  test(`a file that leaks gets no copy, and one whose find is no leak gets its copy after the verdict (${workers === '0' ? 'one thread' : 'worker threads'})`, async (t) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'gongshi-precompress-'));
    t.after(() => removeFolder(root));
    const hidden: SensitiveRecord[] = [{ id: 'p-009', status: 'decided', strings: ['周小红'] }];
    await writeFile(path.join(root, 'leak.html'), `${PAGE}<p>周小红</p>`);
    await writeFile(path.join(root, 'id.html'), `${PAGE}<p>${idNumber('210502', '19850315', '123')}</p>`);
    // Digits that read as the number of someone born in 2051: found, and no one's number yet.
    const unborn = `${PAGE}<p>${idNumber('210502', '20510105', '123')}</p>`;
    await writeFile(path.join(root, 'counts.html'), unborn);
    await writeFile(path.join(root, 'clean.html'), PAGE);
    const { leaks } = await checkAndCopy(root, {}, { workers, sensitive: hidden, asOf: '2026-12-03' });
    assert.deepEqual(leaks.map((l) => path.basename(l.file)).sort(), ['id.html', 'leak.html']);
    for (const file of ['leak.html', 'id.html']) assert.equal(await exists(path.join(root, `${file}.gz`)), false, file);
    assert.equal(gunzipSync(await readFile(path.join(root, 'counts.html.gz'))).toString(), unborn);
    assert.equal(gunzipSync(await readFile(path.join(root, 'clean.html.gz'))).toString(), PAGE);
  });
}

test('the privacy check reads a brotli copy, so a stale one cannot hide a full ID number', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gongshi-precompress-'));
  t.after(() => removeFolder(root));
  const id = idNumber('210502', '19850315', '123');
  await writeFile(path.join(root, 'index.html.br'), brotliCompressSync(Buffer.from(`${PAGE}<p>${id}</p>`)));
  const { leaks } = await verifyOutput(root, []);
  assert.deepEqual(leaks.map((l) => [path.basename(l.file), l.what]), [['index.html.br', 'fullIdNumber']]);
});

test('a release takes the live copies that say exactly what its files say, and compresses the others anew', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gongshi-precompress-'));
  t.after(() => removeFolder(root));
  const live = path.join(root, 'live');
  const release = path.join(root, 'release');
  await mkdir(live);
  await mkdir(release);
  const list = (n: number) => `<!doctype html><ol>${Array.from({ length: 800 }, (_, i) => `<li><a href="/entry/p-${i + n}/">p-${i + n}</a></li>`).join('')}</ol>`;
  // Live copies made at other levels than precompress uses, so a copy taken is told from one made.
  const made = { level: 1 };
  await writeFile(path.join(live, 'same.html.gz'), gzipSync(PAGE, made));
  await writeFile(path.join(live, 'list.html.gz'), gzipSync(list(0), made));
  await writeFile(path.join(live, 'list.html.br'), brotliCompressSync(list(0)));
  // The file beside it says what the page says, its copy does not (a patch killed while it renamed).
  await writeFile(path.join(live, 'changed.html'), PAGE);
  await writeFile(path.join(live, 'changed.html.gz'), gzipSync(`${PAGE}<p>旧</p>`, made));
  await writeFile(path.join(live, 'broken.html.gz'), 'not gzip');
  for (const file of ['same.html', 'changed.html', 'broken.html', 'new.html']) await writeFile(path.join(release, file), PAGE);
  await writeFile(path.join(release, 'list.html'), list(0));

  await checkAndCopy(release, { previous: live });
  assert.deepEqual(await readFile(path.join(release, 'same.html.gz')), gzipSync(PAGE, made), 'taken from the live release');
  assert.deepEqual(await readFile(path.join(release, 'list.html.gz')), gzipSync(list(0), made));
  assert.deepEqual(await readFile(path.join(release, 'list.html.br')), brotliCompressSync(list(0)));
  for (const file of ['changed.html', 'broken.html', 'new.html']) {
    const copy = await readFile(path.join(release, `${file}.gz`));
    assert.notDeepEqual(copy, gzipSync(PAGE, made), `${file}: made anew`);
    assert.equal(gunzipSync(copy).toString(), PAGE, file);
  }
});
