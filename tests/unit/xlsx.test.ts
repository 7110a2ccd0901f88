// The workbook writer (scripts/lib/xlsx.ts): what a reader (read-excel-file) reads back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import readExcelFile from 'read-excel-file/node';
import fc from 'fast-check';
import { sheetRowsXml, workbookOf, type XlsxCell } from '../../scripts/lib/xlsx.ts';

const LAYOUT = { name: '表', widths: [10, 10, 10, 10] };

async function readBack(header: string[], pieces: XlsxCell[][][]): Promise<unknown[][]> {
  const bytes = await workbookOf(LAYOUT, header, pieces.map((rows) => Buffer.from(sheetRowsXml(rows))), '2026-12-01');
  // Untrimmed: what the file says, not what a reader tidies.
  const [sheet] = await readExcelFile(bytes, { trim: false });
  return sheet!.data;
}

test('rows written in pieces read back in order, numbered across the pieces, with empty cells in their columns and spaces at the ends kept', async () => {
  const rows = await readBack(['a', 'b', 'c', 'd'], [[[' 左空格', null, 'x&<y>', 3]], [], [['右空格 ', 'z', null, null], [null, null, null, 'last']]]);
  assert.deepEqual(rows, [['a', 'b', 'c', 'd'], [' 左空格', null, 'x&<y>', 3], ['右空格 ', 'z', null, null], [null, null, null, 'last']]);
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
