// The court directory (content/courts.json): every entry page's correction box takes its
// court's address, phone and hours from here, so a wrong record must be reported by file,
// record and field, and a court missing from it must be noticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { courtContactSchema, courtDirectorySchema } from '../../scripts/lib/schema/court.ts';
import { formatProblem } from '../../scripts/lib/report.ts';
import { AS_OF, ROOT, contentFolder, orgRow, personRow, removeFolder } from '../fixtures/unit/records.ts';

const PINGSHAN = { name: '本溪市平山区人民法院', address: '平山区示例路 2 号（虚构）', phone: '024-0000-2000（虚构）', hours: '工作日 8:30–17:00', superiorCourt: '本溪市中级人民法院' };
const XIHU = { ...PINGSHAN, name: '本溪市溪湖区人民法院', address: '溪湖区示例路 3 号（虚构）' };

test('every court named in the sample entries has a record in the sample directory, which says it is fictional', async () => {
  const raw = JSON.parse(await readFile(path.join(ROOT, 'content/courts.json'), 'utf8'));
  const directory = courtDirectorySchema.parse(raw);
  assert.match(directory.note ?? '', /虚构/);
  const courts = directory.courts.map((c) => courtContactSchema.parse(c));
  for (const court of courts) assert.match(`${court.address}${court.phone}`, /虚构/, court.name);
  const { state, problems } = await loadPublishState(path.join(ROOT, 'content'), AS_OF);
  assert.deepEqual(problems.filter((p) => p.file.endsWith('courts.json')), []);
  assert.deepEqual([...new Set(state.entries.map((e) => e.court))].filter((name) => !courts.some((c) => c.name === name)), []);
  assert.equal(state.courtDirectory.length, courts.length);
});

test('a directory record with a missing or unknown field is left out, and the problem names file, record and field with its Chinese label', async (t) => {
  const { phone: _phone, ...withoutPhone } = XIHU;
  const root = await contentFolder({
    'entries/a.json': [personRow(), orgRow()],
    'courts.json': JSON.stringify({ courts: [PINGSHAN, withoutPhone, { ...PINGSHAN, name: '本溪市明山区人民法院', fax: '1' }] }),
  });
  t.after(() => removeFolder(root));
  const { state, problems } = await loadPublishState(root, AS_OF);
  assert.deepEqual(state.courtDirectory.map((c) => c.name), ['本溪市平山区人民法院']);
  const found = problems.filter((p) => p.file.endsWith('courts.json'));
  assert.deepEqual(found.map((p) => [p.severity, p.line, p.recordId, p.field, p.fieldLabel]), [
    ['error', 2, '本溪市溪湖区人民法院', 'phone', '联系电话'],
    ['error', 3, '本溪市明山区人民法院', 'fax', undefined],
    ['warning', undefined, '本溪市溪湖区人民法院', 'name', '法院名称'],
  ]);
  assert.equal(formatProblem(found[0]!, root).split('\n')[0], '✖ courts.json 第 2 条 · 记录 本溪市溪湖区人民法院 · 字段 phone（联系电话）');
  assert.match(found[1]!.message, /未知字段：fax/);
  assert.match(found[2]!.message, /法院目录中没有“本溪市溪湖区人民法院”/);
  assert.match(found[2]!.action!, /中国执行信息公开网/);
});

test('a court named twice keeps its first record and the second is reported', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow()], 'courts.json': JSON.stringify({ courts: [PINGSHAN, { ...PINGSHAN, phone: '12368' }] }) });
  t.after(() => removeFolder(root));
  const { state, problems } = await loadPublishState(root, AS_OF);
  assert.equal(state.courtDirectory.length, 1);
  assert.equal(state.courtDirectory[0]!.phone, PINGSHAN.phone);
  assert.deepEqual(problems.map((p) => [p.line, p.field]), [[2, 'name']]);
});

test('a directory that is not JSON is an error; no directory at all is allowed and leaves it empty', async (t) => {
  const broken = await contentFolder({ 'entries/a.json': [personRow()], 'courts.json': '{ "courts": [' });
  const none = await contentFolder({ 'entries/a.json': [personRow()] });
  t.after(() => Promise.all([removeFolder(broken), removeFolder(none)]));
  const a = await loadPublishState(broken, AS_OF);
  assert.deepEqual(a.problems.map((p) => [p.severity, path.basename(p.file)]), [['error', 'courts.json']]);
  assert.deepEqual(a.state.courtDirectory, []);
  const b = await loadPublishState(none, AS_OF);
  assert.deepEqual(b.problems, []);
  assert.deepEqual(b.state.courtDirectory, []);
});
