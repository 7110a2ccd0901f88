import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { fileScanner, matcherOf, refreshVerdictsAhead, scanInWorkers, verifyOutput } from '../../scripts/lib/verify-output.ts';
import { PieceCache, pieceOf } from '../../scripts/lib/pieces.ts';
import { entriesGbkCsv, entriesXlsx } from '../../scripts/lib/exports.ts';
import type { PublishedEntry } from '../../scripts/lib/publish-state.ts';
import type { SensitiveRecord } from '../../scripts/lib/hidden-parties.ts';
import { maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { AS_OF, idNumber, removeFolder } from '../fixtures/unit/records.ts';

const PUBLISHED_ID = idNumber('210502', '19850315', '123');
const HIDDEN_ID = idNumber('210502', '20081201', '468');
const SENSITIVE: SensitiveRecord[] = [
  { id: 'p-003', status: 'withheld', strings: ['周小红', maskIdNumber(HIDDEN_ID), 'zhouxiaohong'] },
  { id: 'p-004', status: 'decided', strings: ['王建', '建华公司'], identifying: ['王建'] },
];

/** Runs `work` with GONGSHI_VERIFY_WORKERS set to `setting`, as an operator would set it. */
async function withWorkers<T>(setting: string, work: () => Promise<T>): Promise<T> {
  const before = process.env.GONGSHI_VERIFY_WORKERS;
  process.env.GONGSHI_VERIFY_WORKERS = setting;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.GONGSHI_VERIFY_WORKERS;
    else process.env.GONGSHI_VERIFY_WORKERS = before;
  }
}

const KINDS = ['html', 'gz', 'br', 'xlsx', 'gbk'] as const;
const PLANTS = ['周小红', '周小紅', '周\u200b小红', maskIdNumber(HIDDEN_ID), PUBLISHED_ID, '王建华公司', '偿还借款', 'zhouxiaohong'] as const;

/** A download's one entry, whose obligation carries the planted text (as a careless batch could). */
function entryWith(obligation: string): PublishedEntry[] {
  return [{ id: 'p-001', kind: 'person', name: '赵建国', court: '本溪市平山区人民法院', behaviours: [1], obligation, publishedOn: '2025-03-01' }] as unknown as PublishedEntry[];
}

async function fileOf(kind: (typeof KINDS)[number], text: string): Promise<Buffer> {
  if (kind === 'html') return Buffer.from(`<!doctype html><p>${text}</p>`);
  if (kind === 'gz') return gzipSync(JSON.stringify({ content: text }));
  if (kind === 'br') return brotliCompressSync(JSON.stringify({ content: text }));
  if (kind === 'xlsx') return Buffer.from(await entriesXlsx(entryWith(text), AS_OF));
  return Buffer.from(entriesGbkCsv(entryWith(text)));
}

const NAME_OF = { html: 'index.html', gz: 'list.json.gz', br: 'list.json.br', xlsx: 'entries.xlsx', gbk: 'entries.gbk.csv' } as const;

test('verify in two worker threads finds exactly the leaks one thread finds, in the same order, across HTML, .gz, .br, XLSX and GBK CSV files', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ folder: fc.constantFrom('a', 'b', 'data', 'entry/p-9'), kind: fc.constantFrom(...KINDS), plants: fc.array(fc.constantFrom(...PLANTS), { maxLength: 4 }) }), { minLength: 2, maxLength: 8 }),
      async (specs) => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-verify-workers-'));
        try {
          const written = new Map<string, string[]>();
          for (const [i, { folder, kind, plants }] of specs.entries()) {
            const name = path.join(dir, folder, `${i}-${NAME_OF[kind]}`);
            await mkdir(path.dirname(name), { recursive: true });
            await writeFile(name, await fileOf(kind, plants.join('，')));
            written.set(name, plants);
          }
          const alone = await withWorkers('0', () => verifyOutput(dir, SENSITIVE));
          const parallel = await withWorkers('2', () => verifyOutput(dir, SENSITIVE));
          assert.deepEqual(parallel, alone);
          assert.equal(parallel.files, specs.length);
          // Not vacuous: every file where a hidden name was planted is reported, in path order.
          const planted = [...written].filter(([, plants]) => plants.some((p) => p.startsWith('周'))).map(([name]) => name);
          const reported = parallel.leaks.map((l) => l.file);
          for (const name of planted) assert.ok(reported.includes(name), `${path.relative(dir, name)} not reported`);
          assert.deepEqual(reported, [...reported].sort());
        } finally {
          await removeFolder(dir);
        }
      },
    ),
    { numRuns: 8 },
  );
});

test('a worker that cannot read a file fails the verify instead of reporting no leaks', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-verify-workers-'));
  try {
    await writeFile(path.join(dir, 'a.html'), '<p>clean</p>');
    const files = [{ file: path.join(dir, 'a.html'), work: 12 }, { file: path.join(dir, 'gone.html'), work: 1 }];
    await assert.rejects(scanInWorkers(files, SENSITIVE, new Set(), 2), /隐私检查未能完成.*gone\.html.*不能当作没有泄露/);
  } finally {
    await removeFolder(dir);
  }
});

test('a worker that crashes, or exits before it has answered, fails the verify', async () => {
  const files = [{ file: '/nonexistent/a.html', work: 2 }, { file: '/nonexistent/b.html', work: 1 }];
  const script = (code: string) => new URL(`data:text/javascript,${encodeURIComponent(code)}`);
  const crashes = script(`import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => { throw new Error('boom'); });`);
  await assert.rejects(scanInWorkers(files, SENSITIVE, new Set(), 2, { script: crashes }), /隐私检查未能完成：检查线程出错（boom）/);
  const exits = script(`import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(0));`);
  await assert.rejects(scanInWorkers(files, SENSITIVE, new Set(), 2, { script: exits }), /隐私检查未能完成：检查线程在检查完之前退出（退出码 0）/);
  const fails = script(`throw new Error('cannot start');`);
  await assert.rejects(scanInWorkers(files, SENSITIVE, new Set(), 1, { script: fails }), /隐私检查未能完成：检查线程出错（cannot start）/);
});

test('a number of verify threads that is not a number is refused, in words the operator can act on', async () => {
  await assert.rejects(
    withWorkers('two', () => verifyOutput(os.tmpdir(), [])),
    /环境变量 GONGSHI_VERIFY_WORKERS（隐私检查线程数）应为 0 或正整数，现为“two”/,
  );
});

test('the head start on the kept export pieces runs in a thread of its own, brings their verdicts up to the strings hidden now, and answers a failure with what went wrong instead of throwing', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'verify-ahead-'));
  t.after(() => removeFolder(dir));
  const cache = new PieceCache(dir, 'v1');
  // A piece checked before 周小红 was hidden (its verdict and words kept), then hidden.
  const text = `[${Array.from({ length: 400 }, (_, i) => `{"id":"e-${i}","name":"${i === 200 ? '周小红' : '赵建国'}"}`).join(',')},`;
  const piece = await cache.get('entries.json-2025-03', 'k1', () => text);
  const { checkAssembled } = await import('../../scripts/lib/verify-pieces.ts');
  const before = [SENSITIVE[1]!];
  await checkAssembled({ files: { 'data/entries.json': [pieceOf('['), piece, pieceOf(']')] }, cache }, matcherOf(before, new Set()), fileScanner(before, new Set()));
  assert.deepEqual(await refreshVerdictsAhead(new PieceCache(dir, 'v1'), SENSITIVE, new Set()), { kept: 1, refreshed: 1, read: 0, left: 0 });
  // A cache whose folder cannot be made (its root is a file): the ledger cannot be written.
  const failed = await refreshVerdictsAhead(new PieceCache(path.join(dir, 'v1', piece.id!), 'v1'), SENSITIVE, new Set());
  assert.ok('error' in failed, JSON.stringify(failed));
});
