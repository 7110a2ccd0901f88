// The workbook writer (scripts/lib/xlsx.ts): what a reader (read-excel-file) reads back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import readExcelFile from 'read-excel-file/node';
import fc from 'fast-check';
import { sheetRowsXml, workbookOf, type XlsxCell } from '../../scripts/lib/xlsx.ts';

const LAYOUT = { name: '表', widths: [10, 10, 10, 10] };

async function readBack(header: string[], pieces: XlsxCell[][][]): Promise<unknown[][]> {
  const bytes = await workbookOf(LAYOUT, header, [{ name: '表', rows: pieces.map((rows) => Buffer.from(sheetRowsXml(rows))) }], '2026-12-01');
  // Untrimmed: what the file says, not what a reader tidies.
  const [sheet] = await readExcelFile(bytes, { trim: false });
  return sheet!.data;
}

test('rows written in pieces read back in order, numbered across the pieces, with empty cells in their columns and spaces at the ends kept', async () => {
  const rows = await readBack(['a', 'b', 'c', 'd'], [[[' 左空格', null, 'x&<y>', 3]], [], [['右空格 ', 'z', null, null], [null, null, null, 'last']]]);
  assert.deepEqual(rows, [['a', 'b', 'c', 'd'], [' 左空格', null, 'x&<y>', 3], ['右空格 ', 'z', null, null], [null, null, null, 'last']]);
});

test('each sheet of a workbook reads back under its name, in order, its header first and its rows numbered from 2, the first sheet the one shown', async () => {
  const { storedParts } = await import('../../scripts/lib/zip.ts');
  const { inflateRawSync } = await import('node:zlib');
  const piece = (rows: XlsxCell[][]) => Buffer.from(sheetRowsXml(rows));
  const bytes = await workbookOf(LAYOUT, ['a', 'b'], [
    { name: '2026年11月', rows: [piece([['n1', 1], ['n2', 2]]), piece([['n3', 3]])] },
    { name: '2026年9月 & "引号"', rows: [piece([['s1', null]])] },
  ], '2026-12-01');
  const sheets = await readExcelFile(bytes, { trim: false });
  assert.deepEqual(sheets.map((s) => s.sheet), ['2026年11月', '2026年9月 & "引号"']);
  assert.deepEqual(sheets[0]!.data, [['a', 'b'], ['n1', 1], ['n2', 2], ['n3', 3]]);
  assert.deepEqual(sheets[1]!.data, [['a', 'b'], ['s1', null]]);
  const parts = new Map(storedParts(bytes).map((p) => [p.name, inflateRawSync(p.data).toString('utf8')]));
  assert.match(parts.get('xl/worksheets/sheet2.xml')!, /<row r="2"><c r="A2"/);
  assert.equal([...parts.values()].join('').match(/tabSelected="1"/g)?.length, 1);
  assert.match(parts.get('xl/worksheets/sheet1.xml')!, /tabSelected="1"/);
});

test('a workbook of no rows has one sheet, named as its layout says, of the header alone; a sheet name Excel refuses is refused', async () => {
  const sheets = await readExcelFile(await workbookOf(LAYOUT, ['a', 'b'], [], '2026-12-01'));
  assert.deepEqual(sheets.map((s) => [s.sheet, s.data]), [['表', [['a', 'b']]]]);
  for (const name of ['', 'a/b', 'x'.repeat(32), "'q"]) await assert.rejects(workbookOf(LAYOUT, ['a'], [{ name, rows: [] }], '2026-12-01'), /工作表名称不符合/);
  await assert.rejects(workbookOf(LAYOUT, ['a'], [{ name: 'Ab', rows: [] }, { name: 'aB', rows: [] }], '2026-12-01'), /工作表名称重复/);
});

test('any text without characters XML cannot carry reads back as written, however the rows are cut into pieces', async () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\r]/g, ''));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 8 }), fc.nat({ max: 8 }), async (rows, cut) => {
      const cells = rows.map(([a, b]) => [a || null, b || null, 1, 'x']);
      const read = await readBack(['a', 'b', 'c', 'd'], [cells.slice(0, cut), cells.slice(cut)]);
      assert.deepEqual(read.slice(1), cells);
    }),
    { numRuns: 60 },
  );
});

test('the CRC-32 of joined bytes is combined from the CRC-32s of the parts, whatever their lengths', async () => {
  const { crc32Combine } = await import('../../scripts/lib/zip.ts');
  const { crc32 } = await import('node:zlib');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
      assert.equal(crc32Combine(crc32(a), crc32(b), b.length), crc32(Buffer.concat([a, b])));
    }),
    { numRuns: 300 },
  );
  // Parts of a mebibyte, as the sheet's are.
  const zeros = crc32(Buffer.alloc(1024 * 1024));
  let crc = 0;
  for (let i = 0; i < 4; i++) crc = crc32Combine(crc, zeros, 1024 * 1024);
  assert.equal(crc, crc32(Buffer.alloc(4 * 1024 * 1024)));
});

test('the workbook joined from many pieces is a sound zip: Python\'s zipfile inflates every part to its stored length and CRC-32', async (t) => {
  const { storedParts } = await import('../../scripts/lib/zip.ts');
  const { crc32, inflateRawSync } = await import('node:zlib');
  const { spawnSync } = await import('node:child_process');
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const pieces = Array.from({ length: 40 }, (_, p) => Buffer.from(sheetRowsXml(Array.from({ length: 1 + (p % 7) * 30 }, (_, r) => [`行${p}-${r}`, '李明 & <张>', r, null]))));
  const bytes = await workbookOf(LAYOUT, ['a', 'b', 'c', 'd'], [{ name: '表', rows: pieces }], '2026-12-01');
  for (const part of storedParts(bytes)) {
    const plain = inflateRawSync(part.data);
    assert.equal(plain.length, part.size, part.name);
    assert.equal(crc32(plain), part.crc, part.name);
  }
  const [sheet] = await readExcelFile(bytes, { trim: false });
  assert.equal(sheet!.data.length, 1 + pieces.reduce((n, _, p) => n + 1 + (p % 7) * 30, 0));
  assert.deepEqual(sheet!.data.at(-1), ['行39-120', '李明 & <张>', 120, null]);
  const python = spawnSync('python3', ['--version']);
  if (python.status !== 0) return t.skip('python3 is not installed');
  const dir = await mkdtemp(path.join(tmpdir(), 'xlsx-zip-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'entries.xlsx'), bytes);
  const check = spawnSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); bad = z.testzip(); print(bad or "ok"); sys.exit(1 if bad else 0)', path.join(dir, 'entries.xlsx')], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr || check.stdout);
  assert.equal(check.stdout.trim(), 'ok');
});

/** Rows of sheetRowsXml numbered from `first`, as text: what numberedBytes must give. */
function numberedRows(xml: string, first: number): string {
  const rows = xml.split('<row r="\u0001">');
  let text = rows[0]!;
  for (let i = 1, n = first; i < rows.length; i++, n++) text += `<row r="${n}">${rows[i]!.replaceAll('\u0001', String(n))}`;
  return text;
}

test('rows numbered as bytes are the rows numbered as text, whatever their cells and first number', async () => {
  const { numberedBytes } = await import('../../scripts/lib/xlsx.ts');
  const text = fc.string({ unit: 'grapheme', maxLength: 8 });
  fc.assert(
    fc.property(fc.array(fc.array(fc.oneof(text, fc.constant(null), fc.nat()), { maxLength: 30 }), { maxLength: 6 }), fc.integer({ min: 1, max: 2_000_000 }), (rows, first) => {
      const xml = sheetRowsXml(rows);
      assert.equal(numberedBytes(Buffer.from(xml), first).toString('utf8'), numberedRows(xml, first));
    }),
    { numRuns: 300 },
  );
});
