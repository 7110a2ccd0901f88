// The full-text index (scripts/lib/fulltext.ts): exactly the pages it is given, counted, and
// nothing in it that verify cannot read (scripts/lib/pagefind-files.ts).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { FullTextError, fullTextPages, writeFullTextIndex } from '../../scripts/lib/fulltext.ts';
import { cborStrings, pagefindTexts } from '../../scripts/lib/pagefind-files.ts';
import { verifyOutput } from '../../scripts/lib/verify-output.ts';
import type { SensitiveRecord } from '../../scripts/lib/hidden-parties.ts';
import { maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { idNumber, removeFolder } from '../fixtures/unit/records.ts';

const HIDDEN_ID = idNumber('210502', '19850315', '468');
const HIDDEN: SensitiveRecord[] = [{ id: 'p-003', status: 'decided', strings: ['周小红', maskIdNumber(HIDDEN_ID)] }];

/** A page as Base.astro renders a case: Chinese, its main text marked for the index. */
function page(title: string, body: string, marked = true): string {
  return `<!doctype html><html lang="zh-CN"><head><title>${title}</title></head><body><nav>导航</nav><main id="main"${marked ? ' data-pagefind-body' : ''}><h1>${title}</h1>${body}</main></body></html>`;
}

async function scratch(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-fulltext-'));
  t.after(() => removeFolder(dir));
  return dir;
}

async function index(t: TestContext, pages: Record<string, string>) {
  const out = path.join(await scratch(t), 'pagefind');
  const report = await writeFullTextIndex(Object.keys(pages), async (p) => {
    if (!(p in pages)) throw new Error('no such page');
    return pages[p]!;
  }, out);
  return { out, report };
}

const CASES = {
  'cases/a/index.html': page('装修公司分期兑现工人工资', '<p>本溪某装饰工程有限公司拖欠二十一名工人工资，执行法官多次约谈。</p>'),
  'cases/b/index.html': page('拒执罪案发后全额履行', '<p>被执行人在公安机关立案后全额履行。</p>'),
  'about/index.html': page('关于本站', '<p>数据来源与更新方式。</p>'),
};

test('the full-text index holds exactly the pages it is given, in Chinese, and only what our UI loads', async (t) => {
  const { out, report } = await index(t, CASES);
  assert.equal(report.pages, 3);
  const entry = JSON.parse(await readFile(path.join(out, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
  assert.deepEqual(Object.keys(entry.languages), ['zh-cn']);
  const names = await readdir(out);
  assert.ok(names.includes('pagefind.js'));
  assert.deepEqual(names.filter((n) => /ui|highlight|worker/.test(n)), [], 'no default UI, highlighter or worker is shipped');
  // Chinese is segmented into words, so a word inside a sentence is in the index on its own.
  const indexFiles = await readdir(path.join(out, 'index'));
  const allWords = (await Promise.all(indexFiles.map(async (f) => pagefindTexts(f, await readFile(path.join(out, 'index', f)))![0]!.split(' | ')))).flat();
  assert.ok(allWords.includes('工资'), 'the word 工资 of 拖欠二十一名工人工资 is indexed on its own');
});

test('a page that is not marked for the index stops the build, naming the page', async (t) => {
  await assert.rejects(index(t, { ...CASES, 'entry/p-1/index.html': page('赵建国', '<p>失信被执行人</p>', false) }), (error: Error) => error instanceof FullTextError && error.code === 'FullTextPageUnmarked' && /entry\/p-1\/index\.html/.test(error.message));
});

test('a page the index should hold but Pagefind leaves out fails the page count', async (t) => {
  // The attribute only as text: our check sees it, Pagefind finds no body and drops the page.
  const unmarked = page('数据与核查', '<p>页面应有 data-pagefind-body 属性。</p>', false);
  await assert.rejects(index(t, { ...CASES, 'data/index.html': unmarked }), (error: Error) => error instanceof FullTextError && error.code === 'FullTextCount' && /\b4\b.*\b3\b/.test(error.message));
});

test('a page that should be indexed but does not exist stops the build', async (t) => {
  const out = path.join(await scratch(t), 'pagefind');
  await assert.rejects(writeFullTextIndex([...Object.keys(CASES), 'notices/2/index.html'], async (p) => {
    const html = (CASES as Record<string, string>)[p];
    if (!html) throw new Error('ENOENT');
    return html;
  }, out), (error: Error) => error instanceof FullTextError && error.code === 'FullTextPageMissing' && /notices\/2\/index\.html/.test(error.message));
});

test('the pages to index are the cases, every page of notices, the catalog and the guides, and never an entry or a list', () => {
  const pages = fullTextPages({ cases: [{ slug: '2026-01-01-a' }, { slug: '2026-02-01-b' }] as never, gone: Array.from({ length: 51 }) as never });
  assert.deepEqual(pages, [
    'cases/2026-01-01-a/index.html',
    'cases/2026-02-01-b/index.html',
    'notices/index.html',
    'notices/2/index.html',
    'measures/index.html',
    'about/index.html',
    'correction/index.html',
    'data/index.html',
    'stats/index.html',
  ]);
  assert.ok(pages.every((p) => !/^(entry|list)\//.test(p)));
});

test('verify finds a hidden party\'s name and a full ID number in the index\'s compressed fragments and word lists', async (t) => {
  const { out } = await index(t, {
    ...CASES,
    'cases/c/index.html': page('一个后来被撤下的当事人', `<p>被执行人周小红，身份证号码 ${HIDDEN_ID}，拒不履行。</p>`),
  });
  const { leaks } = await verifyOutput(out, HIDDEN);
  const where = (what: string, file: RegExp) => leaks.some((l) => l.what === what && file.test(l.file));
  assert.ok(where('sensitive', /\.pf_fragment$/), 'the name, in the page\'s fragment');
  assert.ok(where('fullIdNumber', /\.pf_fragment$/), 'the ID number, in the page\'s fragment');
  assert.ok(where('fullIdNumber', /\.pf_index$/), 'the ID number, as a word of the index');
  // And a clean index passes.
  assert.deepEqual((await verifyOutput((await index(t, CASES)).out, HIDDEN)).leaks, []);
});

test('the index\'s word lists are read as Pagefind wrote them: numbers side by side are not one ID number, and integers are not GBK text', async (t) => {
  const dir = await scratch(t);
  const [a, b, c] = [HIDDEN_ID.slice(0, 6), HIDDEN_ID.slice(6, 14), HIDDEN_ID.slice(14)];
  const word = (w: string) => Buffer.concat([Buffer.from([0x60 + Buffer.byteLength(w)]), Buffer.from(w)]);
  // Page numbers and positions are CBOR integers; this one's eight bytes, read as GBK, spell 周小红.
  const integer = Buffer.concat([Buffer.from([0x1b, 0x00, 0x00]), Buffer.from([0xd6, 0xdc, 0xd0, 0xa1, 0xba, 0xec])]);
  const cbor = Buffer.concat([Buffer.from([0x84]), word(a), word(b), word(c), integer]);
  assert.deepEqual(cborStrings(cbor), [a, b, c]);
  await mkdir(path.join(dir, 'pagefind/index'), { recursive: true });
  await writeFile(path.join(dir, 'pagefind/index/zh-cn_0000000.pf_index'), gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), cbor])));
  assert.deepEqual((await verifyOutput(dir, HIDDEN)).leaks, []);
  // The same words as lines of a text file are one number to a reader: that is how the index must not be read.
  await writeFile(path.join(dir, 'words.txt'), [a, b, c].join('\n'));
  assert.deepEqual((await verifyOutput(dir, HIDDEN)).leaks.map((l) => [path.basename(l.file), l.what]), [['words.txt', 'fullIdNumber']]);
});
