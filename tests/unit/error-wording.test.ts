// The wording the operator at the credit office reads when a batch has mistakes. The
// snapshot is the review copy: update it with --test-update-snapshots only after reading it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadPublishState, type LoadResult } from '../../scripts/lib/publish-state.ts';
import { formatProblem } from '../../scripts/lib/report.ts';
import { contentFolder, creditCode, decisionRow, idNumber, orgRow, personRow, removeFolder } from '../fixtures/unit/records.ts';

const valid = idNumber('210502', '19850315', '123');
const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');

const CSV = [
  'id,kind,name,gender,age,idNumber,court,district,province,caseNumber,filedOn,basisDocNumber,basisIssuer,obligation,performance,behaviours,publishedOn,phone',
  `p-010,person,孙丽,女,35,${idNumber('210503', '19900704', '246')},本溪市溪湖区人民法院,溪湖区,辽宁省,(2024)辽0503执90号,2024-07-01,(2024)辽0503民初12号,本溪市溪湖区人民法院,给付货款,全部未履行,1,2025-04-01,13912345678`,
].join('\n');

let root: string;
let result: LoadResult;

before(async () => {
  root = await contentFolder({
    'entries/2025-03-batch.json': [
      personRow(),
      orgRow(),
      personRow({ id: 'p-002', name: '钱二', idNumber: wrongCheck }),
      personRow({ id: 'p-003', name: '张三', publishedOn: '2025-02-30' }),
      personRow({ id: 'p-004', name: '李四', court: '' }),
      personRow({ id: 'p-005', name: '王五', behaviours: '1;7' }),
      orgRow({ id: 'o-002', name: '本溪市虚构商贸有限公司', creditCode: undefined }),
      personRow({ name: '赵建军' }),
    ],
    'entries/2025-04-batch.csv': CSV,
    'decisions/2025-05.json': [decisionRow({ id: 'dc-001', entryId: 'o-001', type: '删除', reason: 'wrongful' })],
  });
  result = await loadPublishState(root, '2026-11-26');
});

after(() => removeFolder(root));

test('the operator-facing wording of typical batch mistakes', (t) => {
  // The temporary folder's name changes every run; replaced in case a path ever slips into a message.
  const text = result.problems.map((p) => formatProblem(p, root)).join('\n\n').replaceAll(root, '<content>');
  // Stored as plain text, not as an escaped string, so the snapshot reads like the console.
  t.assert.snapshot(text, { serializers: [(value) => `\n${String(value)}\n`] });
});

test('every row-level error names file, line or item, record, field with its Chinese label and what to do', () => {
  const rowErrors = result.problems.filter((p) => p.severity === 'error' && p.line !== undefined);
  assert.ok(rowErrors.length >= 7);
  for (const p of rowErrors) {
    const text = formatProblem(p, root);
    assert.ok(p.recordId && p.field && p.fieldLabel && p.action, text);
    assert.match(text, /^✖ (entries|decisions)\/[\w-]+\.(json|csv)( 第 \d+ 条|:\d+) · 记录 [\w-]+ · 字段 \w+（[^）]+）\n {2}.+\n {2}→ .+$/u, text);
  }
});

test('the unknown column warning names the file and the column but never its values', () => {
  const warning = result.problems.find((p) => p.message.includes('phone'))!;
  const text = formatProblem(warning, root);
  assert.match(text, /^⚠ entries\/2025-04-batch\.csv\n {2}未知列：phone。/u);
  assert.equal(text.includes('13912345678'), false);
});

test('no message names a row by the absolute path of the content folder', () => {
  for (const p of result.problems) assert.equal(formatProblem(p, root).includes(root), false, formatProblem(p, root));
});

test('no message contains the full or the mistyped ID number', () => {
  const all = result.problems.map((p) => formatProblem(p, root)).join('\n');
  assert.equal(all.includes(wrongCheck), false);
  assert.equal(all.includes(valid), false);
  assert.equal(all.includes(creditCode('91210502MA0Y3D8K2')), false);
});
