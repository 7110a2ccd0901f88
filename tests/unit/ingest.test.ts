import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { readTable, repeatedKeys } from '../../scripts/lib/ingest/read-table.ts';
import { decodeText } from '../../scripts/lib/shared/text-encoding.ts';
import { ID_OR_CODE_COLUMN, mapEntryColumns } from '../../scripts/lib/ingest/columns.ts';
import { ENTRY_LABELS, type EntryField } from '../../scripts/lib/schema/entry.ts';
import { maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { loadPublishState, type LoadResult } from '../../scripts/lib/publish-state.ts';
import { normaliseHeader, entryFieldForColumn, looksLikePrivacyField } from '../../scripts/lib/ingest/columns.ts';
import { readRows } from '../../scripts/lib/ingest/read-folder.ts';
import { UnreadableDecisionsError, type Problem } from '../../scripts/lib/report.ts';
import { said } from '../../scripts/lib/problems.ts';
import { stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { AS_OF, contentFolder, creditCode, decisionRow, idNumber, orgRow, personRow, removeFolder } from '../fixtures/unit/records.ts';

const CSV_FIELDS: EntryField[] = ['id', 'kind', 'name', 'gender', 'age', 'idNumber', 'court', 'district', 'province', 'caseNumber', 'filedOn', 'basisDocNumber', 'basisIssuer', 'obligation', 'performance', 'behaviours', 'publishedOn'];

/** A CSV of person rows with English field names or the Chinese labels as headers. */
function personCsv(headers: 'english' | 'chinese', rows = [personRow(), personRow({ id: 'p-002', name: '孙丽', gender: '女', idNumber: idNumber('210503', '19900704', '246') })]): string {
  const head = CSV_FIELDS.map((f) => (headers === 'chinese' ? ENTRY_LABELS[f] : f));
  const body = rows.map((row) => CSV_FIELDS.map((f) => (Array.isArray(row[f]) ? (row[f] as unknown[]).join(';') : String(row[f]))).join(','));
  return [head.join(','), ...body].join('\r\n') + '\r\n';
}

async function load(t: TestContext, files: Parameters<typeof contentFolder>[0], asOf = AS_OF): Promise<LoadResult & { root: string }> {
  const root = await contentFolder(files);
  t.after(() => removeFolder(root));
  return { root, ...(await loadPublishState(root, asOf)) };
}

describe('reading batch files', () => {
  test('UTF-8 with BOM, UTF-8 without BOM and GBK CSV files decode to the same rows', () => {
    for (const headers of ['chinese', 'english'] as const) {
      const text = personCsv(headers);
      const variants = [
        { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), encoding: 'utf-8-bom' },
        { bytes: Buffer.from(text, 'utf8'), encoding: 'utf-8' },
        { bytes: iconv.encode(text, 'gbk'), encoding: 'gb18030' },
      ];
      const [first, ...others] = variants.map(({ bytes, encoding }) => {
        assert.equal(decodeText(bytes).encoding, encoding);
        const table = readTable('batch.csv', bytes);
        assert.deepEqual(table.problems, []);
        return table.rows.map(({ line, lineKind, values }) => ({ line, lineKind, values }));
      });
      assert.equal(first!.length, 2);
      assert.deepEqual(first![0]!.values[headers === 'chinese' ? '被执行人姓名/名称' : 'name'], '赵建国');
      assert.deepEqual(first!.map((r) => r.line), [2, 3]);
      for (const rows of others) assert.deepEqual(rows, first, `${headers} headers`);
    }
  });

  test('Chinese and English headers map to the same fields', () => {
    const chinese = readTable('a.csv', Buffer.from(personCsv('chinese'))).rows.map((r) => mapEntryColumns(r.values));
    const english = readTable('b.csv', Buffer.from(personCsv('english'))).rows.map((r) => mapEntryColumns(r.values));
    assert.deepEqual(chinese, english);
    assert.deepEqual(chinese[0]!.unknown, []);
    assert.equal(chinese[0]!.mapped.name, '赵建国');
  });

  test('a JSON array gives rows counted as items from 1', () => {
    const table = readTable('batch.json', Buffer.from(JSON.stringify([personRow(), orgRow()])));
    assert.deepEqual(table.rows.map((r) => [r.lineKind, r.line, r.values.id]), [['item', 1, 'p-001'], ['item', 2, 'o-001']]);
    assert.deepEqual(table.problems, []);
  });

  test('a JSON array element that is not an object is reported by its item number and the rest are kept', () => {
    const table = readTable('batch.json', Buffer.from(JSON.stringify([personRow(), 'oops', orgRow()])));
    assert.deepEqual(table.rows.map((r) => r.line), [1, 3]);
    assert.deepEqual(table.problems.map((p) => [p.file, p.line]), [['batch.json', 2]]);
  });

  test('JSON Lines with one bad line keeps the good lines and reports the bad line number', () => {
    const text = [JSON.stringify(personRow()), '{"id": "p-002", "name": ', '', JSON.stringify(orgRow()), '[1, 2]'].join('\n');
    const table = readTable('batch.jsonl', Buffer.from(text));
    assert.deepEqual(table.rows.map((r) => [r.lineKind, r.line, r.values.id]), [['line', 1, 'p-001'], ['line', 4, 'o-001']]);
    assert.deepEqual(table.problems.map((p) => [p.file, p.line, p.code]), [['batch.jsonl', 2, 'JsonLineNotObject'], ['batch.jsonl', 5, 'JsonLineNotObject']]);
  });

  test('an unclosed quote in a CSV costs only its own row, which is marked malformed at its line', () => {
    const text = 'id,name\np-001,赵建国\np-002,"孙丽\np-003,钱有财\n';
    const table = readTable('entries/broken.csv', Buffer.from(text));
    assert.deepEqual(table.problems, []);
    assert.deepEqual(table.rows.map((r) => [r.line, r.values.id, Boolean(r.malformed)]), [[2, 'p-001', false], [3, 'p-002', true], [4, 'p-003', false]]);
    assert.equal(table.rows[1]!.values.name, '孙丽');
  });

  test('a stray quote inside a CSV cell costs only its own row', () => {
    const table = readTable('x.csv', Buffer.from('id,name\np-001,赵建国\np-002,"孙丽"x\np-003,钱有财\n'));
    assert.deepEqual(table.rows.map((r) => [r.line, r.values.id, Boolean(r.malformed)]), [[2, 'p-001', false], [3, 'p-002', true], [4, 'p-003', false]]);
  });

  test('a CSV row with more cells than headers is marked malformed at its line and the others are read', () => {
    const table = readTable('x.csv', Buffer.from('id,name\np-001,赵建国\np-002,孙丽,多余\np-003,钱有财\n'));
    assert.deepEqual(table.rows.map((r) => [r.line, Boolean(r.malformed)]), [[2, false], [3, true], [4, false]]);
    assert.deepEqual(table.rows[1]!.malformed, said('CsvRowColumnCount', { cells: 3, headers: 2 }));
  });

  test('file extensions are matched in any letter case', () => {
    assert.equal(readTable('A.JSON', Buffer.from(JSON.stringify([personRow()]))).rows.length, 1);
    assert.equal(readTable('B.CSV', Buffer.from('id,name\np-001,赵建国\n')).rows.length, 1);
    assert.equal(readTable('c.JsonL', Buffer.from(JSON.stringify(personRow()))).rows.length, 1);
  });

  test('a GB18030 CSV with characters beyond GBK decodes them; bytes that are neither UTF-8 nor GB18030 refuse the whole file', () => {
    // 𠀀 and 䶮 are four-byte sequences in GB18030, absent from GBK.
    const bytes = iconv.encode('id,name\r\np-001,王𠀀䶮\r\n', 'gb18030');
    assert.deepEqual(decodeText(bytes), { text: 'id,name\r\np-001,王𠀀䶮\r\n', encoding: 'gb18030' });
    assert.equal(readTable('a.csv', bytes).rows[0]!.values.name, '王𠀀䶮');
    // A lead byte with no valid trail byte after it.
    const broken = readTable('b.csv', Buffer.concat([Buffer.from('id,name\r\np-001,'), Buffer.from([0x81, 0x20, 0xd5, 0xd4]), Buffer.from('\r\n')]));
    assert.deepEqual(broken.rows, []);
    assert.equal(broken.problems[0]!.unreadable, true);
    assert.equal(broken.problems[0]!.code, 'EncodingUnknown');
  });

  test('a JSON file that is not valid UTF-8 is unreadable, not guessed as GBK', () => {
    const table = readTable('a.json', Buffer.concat([Buffer.from('[{"id": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]')]));
    assert.deepEqual(table.rows, []);
    assert.equal(table.problems[0]!.unreadable, true);
    assert.equal(table.problems[0]!.code, 'NotUtf8');
  });

  test(
    'a CSV record spanning two lines is reported at the line it starts on',
    () => {
      const table = readTable('x.csv', Buffer.from('id,obligation\np-001,还款\np-002,"偿还借款\n及利息"\np-003,还款\n'));
      assert.deepEqual(table.rows.map((r) => r.line), [2, 3, 5]);
    },
  );

  test('files of other types are reported, not read', () => {
    const table = readTable('batch.xlsx', Buffer.from('PK'));
    assert.deepEqual(table.rows, []);
    assert.equal(table.problems[0]!.code, 'UnsupportedFileType');
  });
});

describe('mapping columns', () => {
  test('every Chinese label of ENTRY_LABELS maps to its field', () => {
    const values = Object.fromEntries(Object.entries(ENTRY_LABELS).map(([field, label]) => [label, `value of ${field}`]));
    const { mapped, unknown } = mapEntryColumns(values);
    assert.deepEqual(unknown, []);
    for (const field of Object.keys(ENTRY_LABELS)) assert.equal(mapped[field], `value of ${field}`, field);
  });

  test('the national site\'s combined column is the ID number for a person and the credit code for an organisation', () => {
    const id = idNumber('210502', '19850315', '123');
    const code = creditCode('91210502MA0Y3D8K2');
    assert.deepEqual(mapEntryColumns({ 被执行人类型: '自然人', [ID_OR_CODE_COLUMN]: id }).mapped, { kind: '自然人', idNumber: id });
    assert.deepEqual(mapEntryColumns({ kind: 'org', [ID_OR_CODE_COLUMN]: code }).mapped, { kind: 'org', creditCode: code });
    assert.deepEqual(mapEntryColumns({ kind: '法人或其他组织', [ID_OR_CODE_COLUMN]: code }).mapped, { kind: '法人或其他组织', creditCode: code });
    assert.deepEqual(mapEntryColumns({ kind: 'person', [ID_OR_CODE_COLUMN]: '2105021985****1237' }).mapped, { kind: 'person', idNumberMasked: '2105021985****1237' });
  });

  test('an explicit ID column wins over the combined column', () => {
    const id = idNumber('210502', '19850315', '123');
    assert.equal(mapEntryColumns({ [ID_OR_CODE_COLUMN]: 'other', 身份证号码: id, kind: 'person' }).mapped.idNumber, id);
  });

  test('unknown columns are returned by name and their values are not mapped', () => {
    const { mapped, unknown } = mapEntryColumns({ 姓名: '赵建国', phone: '13912345678', 备注: '老赖' });
    assert.deepEqual(unknown, ['phone', '备注']);
    assert.deepEqual(mapped, { name: '赵建国' });
  });
});

describe('loadPublishState', () => {
  test('the counts add up: received = published + withheld + expired + decided', async (t) => {
    const { state } = await load(t, {
      'entries/a.json': [
        personRow(),
        orgRow(),
        personRow({ id: 'p-002', name: '孙丽', disclose: '否' }),
        personRow({ id: 'p-003', behaviours: [2], filedOn: '2023-10-01', publishedOn: '2024-03-10' }),
        personRow({ id: 'p-004', name: '李明' }),
        personRow({ id: 'p-005', gender: '' }),
      ],
      'decisions/a.json': [decisionRow({ entryId: 'p-004' })],
    });
    assert.deepEqual(state.counts, { received: 6, published: 2, withheld: 2, expired: 1, decided: 1 });
    const { received, published, withheld, expired, decided } = state.counts;
    assert.equal(received, published + withheld + expired + decided);
  });

  test('one invalid row does not stop the valid rows of the same file', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.json': [personRow(), personRow({ id: 'p-bad', idNumber: '210502198503151230' }), orgRow()] });
    assert.deepEqual(state.entries.map((e) => e.id).sort(), ['o-001', 'p-001']);
    assert.deepEqual(problems.map((p) => [p.recordId, p.field, p.line]), [['p-bad', 'idNumber', 2]]);
  });

  test('a GBK CSV with Chinese headers is published like a JSON batch', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.csv': iconv.encode(personCsv('chinese'), 'gbk') });
    assert.deepEqual(problems, []);
    assert.deepEqual(state.entries.map((e) => e.name).sort(), ['孙丽', '赵建国']);
  });

  test('a decided entry becomes a gone entry with the decision\'s type, date, court and document number, and no name', async (t) => {
    const { state } = await load(t, {
      'entries/a.json': [personRow()],
      'decisions/a.json': [decisionRow({ id: 'dc-9', type: '撤销', reason: 'wrongful', decidedOn: '2026-11-18', court: '本溪市中级人民法院', docNumber: '(2026)辽05执监3号' })],
    });
    assert.deepEqual(state.entries, []);
    assert.deepEqual(state.gone, [
      { id: 'p-001', cause: 'decided', type: '撤销', date: '2026-11-18', court: '本溪市中级人民法院', caseNumber: '(2024)辽0502执123号', decisionId: 'dc-9', docNumber: '(2026)辽05执监3号', reason: 'wrongful' },
    ]);
    assert.equal(JSON.stringify(state.gone).includes('赵建国'), false);
    assert.deepEqual(state.decisions.map((d) => d.id), ['dc-9']);
  });

  test('an expired entry becomes a gone entry of type 期满 dated the day after the listing ended', async (t) => {
    const { state } = await load(t, { 'entries/a.json': [personRow({ behaviours: [2], filedOn: '2023-10-01', publishedOn: '2024-02-29' })] });
    assert.deepEqual(state.entries, []);
    // Published 2024-02-29, listed until 2026-02-28, gone from 2026-03-01.
    assert.deepEqual(state.gone, [{ id: 'p-001', cause: 'expired', type: '期满', date: '2026-03-01', court: '本溪市平山区人民法院', caseNumber: '(2024)辽0502执123号' }]);
  });

  test('an entry is still published on the last day of its listing', async (t) => {
    const { state } = await load(t, { 'entries/a.json': [personRow({ behaviours: [2], filedOn: '2024-10-01', publishedOn: '2024-11-26' })] }, '2026-11-26');
    assert.deepEqual(state.entries.map((e) => e.id), ['p-001']);
  });

  test('a decision naming an unknown entry is reported on entryId and takes nothing down', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.json': [personRow()], 'decisions/a.json': [decisionRow({ id: 'dc-x', entryId: 'p-999' })] });
    assert.deepEqual(state.entries.map((e) => e.id), ['p-001']);
    assert.equal(problems.length, 1);
    assert.deepEqual([problems[0]!.severity, problems[0]!.recordId, problems[0]!.field], ['error', 'dc-x', 'entryId']);
    assert.equal(problems[0]!.code, 'DecisionForUnknownEntry');
    assert.match(problems[0]!.message, /p-999/);
  });

  test('an invalid decision naming a known entry withholds that entry', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.json': [personRow(), orgRow()], 'decisions/a.json': [decisionRow({ type: '删除', reason: 'wrongful' })] });
    assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
    assert.deepEqual(state.gone, []);
    assert.equal(state.counts.withheld, 1);
    assert.match(problems[0]!.action!, /p-001 仍暂缓公开/);
  });

  test('a decision dated after the build day withholds the entry until that day', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.json': [personRow()], 'decisions/a.json': [decisionRow({ decidedOn: '2026-12-01' })] });
    assert.deepEqual(state.entries, []);
    assert.deepEqual(state.gone, []);
    assert.deepEqual(problems.map((p) => [p.severity, p.field]), [['warning', 'decidedOn']]);
  });

  test('two different records with one id are both withheld', async (t) => {
    const { state, problems, sensitive } = await load(t, {
      'entries/a.json': [personRow(), orgRow()],
      'entries/b.json': [personRow({ name: '赵建军' })],
    });
    assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
    assert.deepEqual(state.counts, { received: 3, published: 1, withheld: 2, expired: 0, decided: 0 });
    assert.deepEqual(problems.map((p) => [p.severity, p.recordId, p.field]), [['error', 'p-001', 'id']]);
    const hidden = sensitive.filter((s) => s.id === 'p-001').flatMap((s) => s.strings);
    assert.ok(hidden.includes('赵建国') && hidden.includes('赵建军'));
  });

  test('the same record sent twice is published once, with a warning', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.json': [personRow()], 'entries/b.json': [personRow()] });
    assert.deepEqual(state.entries.map((e) => e.id), ['p-001']);
    assert.deepEqual(problems.map((p) => p.severity), ['warning']);
    assert.equal(state.counts.received, state.counts.published + state.counts.withheld);
  });

  test('an unknown column is reported as a warning naming it, and its values never reach the state', async (t) => {
    const phone = '13912345678';
    const { state, problems } = await load(t, { 'entries/a.json': [personRow({ phone }), orgRow()] });
    assert.deepEqual(state.entries.map((e) => e.id).sort(), ['o-001', 'p-001']);
    const warning = problems.find((p) => p.message.includes('phone'));
    assert.ok(warning, 'a problem names the column');
    assert.equal(warning.severity, 'warning');
    assert.match(warning.file, /entries[/\\]a\.json$/);
    assert.equal(JSON.stringify(problems).includes(phone), false);
    assert.equal(JSON.stringify(state).includes(phone), false);
  });

  test('sensitive holds a withheld person\'s name and masked ID, but not a name a published entry also has', async (t) => {
    const namesakeId = idNumber('210504', '19770808', '357');
    const minorId = idNumber('210502', '20081201', '468');
    const { sensitive } = await load(t, {
      'entries/a.json': [
        personRow(),
        // A namesake of the published 赵建国, withheld: his name proves nothing, his ID does.
        personRow({ id: 'p-002', disclose: '否', idNumber: namesakeId, obligation: '给付工程款' }),
        personRow({ id: 'p-003', name: '周小红', gender: '女', age: 16, idNumber: minorId, obligation: '赔偿损失' }),
      ],
    });
    const stringsOf = (id: string) => sensitive.find((s) => s.id === id)!.strings;
    assert.equal(sensitive.find((s) => s.id === 'p-001'), undefined);
    assert.ok(stringsOf('p-002').includes(maskIdNumber(namesakeId)));
    assert.equal(stringsOf('p-002').includes('赵建国'), false);
    assert.equal(stringsOf('p-002').includes('zhaojianguo'), false);
    assert.ok(stringsOf('p-003').includes('周小红'));
    assert.ok(stringsOf('p-003').includes(maskIdNumber(minorId)));
    assert.equal(sensitive.find((s) => s.id === 'p-003')!.status, 'withheld');
  });

  test('verify\'s list is worked out when first read, from what the load decided: a caller changing the state meanwhile changes nothing of it', async (t) => {
    const namesakeId = idNumber('210504', '19770808', '357');
    const rows = { 'entries/a.json': [personRow(), personRow({ id: 'p-002', disclose: '否', idNumber: namesakeId, obligation: '给付工程款' })] };
    const root = await contentFolder(rows);
    t.after(() => removeFolder(root));
    const expected = (await loadPublishState(root, AS_OF)).sensitive;
    const later = await loadPublishState(root, AS_OF);
    later.state.entries.splice(0);
    assert.deepStrictEqual(later.sensitive, expected);
    assert.equal(later.sensitive.find((s) => s.id === 'p-002')!.strings.includes('赵建国'), false, 'the published namesake\'s name is still left out');
    assert.equal(later.sensitive, later.sensitive, 'worked out once');
  });

  test(
    'a corrected decision that reuses the id of one naming an unknown entry takes the entry down',
    async (t) => {
      const { state } = await load(t, {
        'entries/a.json': [personRow()],
        'decisions/a.json': [decisionRow({ id: 'dc-1', entryId: 'p-009' })],
        'decisions/b.json': [decisionRow({ id: 'dc-1', entryId: 'p-001' })],
      });
      assert.deepEqual(state.entries, []);
    },
  );

  test(
    'a decision id used twice never cites one entry\'s decision on another entry\'s notice',
    async (t) => {
      const { state } = await load(t, {
        'entries/a.json': [personRow(), orgRow()],
        'decisions/a.json': [
          decisionRow({ id: 'dc-1', entryId: 'p-001', docNumber: '(2026)辽0502执123号之一' }),
          decisionRow({ id: 'dc-1', entryId: 'o-001', court: '本溪市溪湖区人民法院', docNumber: '(2026)辽0503执88号之一' }),
        ],
      });
      const org = state.gone.find((g) => g.id === 'o-001');
      assert.notEqual(org?.docNumber, '(2026)辽0502执123号之一');
    },
  );
});

/** Loading must stop with UnreadableDecisionsError naming `file`; returns its problems. */
async function stopsTheBuild(t: TestContext, files: Parameters<typeof contentFolder>[0], file: string): Promise<Problem[]> {
  const root = await contentFolder(files);
  t.after(() => removeFolder(root));
  let thrown: unknown;
  await loadPublishState(root, AS_OF).catch((error: unknown) => (thrown = error));
  assert.ok(thrown instanceof UnreadableDecisionsError, `expected the build to stop, got ${String(thrown)}`);
  assert.ok(thrown.problems.every((p) => p.fatal && p.severity === 'error'));
  assert.ok(thrown.problems.some((p) => p.file === path.join(root, file)), JSON.stringify(thrown.problems));
  return thrown.problems;
}

describe('decision files that cannot be read', () => {
  const entries = { 'entries/a.json': [personRow(), orgRow()] };

  test('a decision file with upper-case extension is read', async (t) => {
    const { state } = await load(t, { ...entries, 'decisions/A.JSON': [decisionRow()] });
    assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
    assert.deepEqual(state.gone.map((g) => g.id), ['p-001']);
  });

  test('a truncated decision file stops the build', async (t) => {
    const problems = await stopsTheBuild(t, { ...entries, 'decisions/a.json': JSON.stringify([decisionRow()]).slice(0, -7) }, 'decisions/a.json');
    assert.equal(problems[0]!.code, 'JsonUnparseable');
    assert.match(problems[0]!.action!, /在线站点保持不变/);
  });

  test('a decision file that is not valid UTF-8 stops the build', async (t) => {
    const bytes = Buffer.concat([Buffer.from(JSON.stringify([decisionRow()]).slice(0, 20)), Buffer.from([0xe5, 0xb1]), Buffer.from('"}]')]);
    await stopsTheBuild(t, { ...entries, 'decisions/a.json': bytes }, 'decisions/a.json');
  });

  test('a decision file that cannot be opened stops the build', async (t) => {
    const root = await contentFolder(entries);
    t.after(() => removeFolder(root));
    await symlink(path.join(root, 'nowhere.json'), path.join(root, 'decisions/a.json'));
    await assert.rejects(loadPublishState(root, AS_OF), (error: unknown) => error instanceof UnreadableDecisionsError && error.problems[0]!.code === 'FileUnreadable');
  });

  test('an empty decision CSV or JSON Lines file stops the build', async (t) => {
    await stopsTheBuild(t, { ...entries, 'decisions/a.csv': '' }, 'decisions/a.csv');
    await stopsTheBuild(t, { ...entries, 'decisions/b.jsonl': '\n' }, 'decisions/b.jsonl');
  });

  test('a decision file of unknown type stops the build', async (t) => {
    await stopsTheBuild(t, { ...entries, 'decisions/a.xlsx': 'PK' }, 'decisions/a.xlsx');
  });

  test('a decision JSON Lines file with an unparseable line stops the build', async (t) => {
    await stopsTheBuild(t, { ...entries, 'decisions/a.jsonl': `${JSON.stringify(decisionRow({ id: 'dc-1' }))}\n{"id": "dc-2", "entryId": \n` }, 'decisions/a.jsonl');
  });

  test('every unreadable decision file is named, not only the first', async (t) => {
    const problems = await stopsTheBuild(t, { ...entries, 'decisions/a.json': '[', 'decisions/b.json': '{' }, 'decisions/b.json');
    assert.equal(problems.length, 2);
  });

  test('one bad row of a decision CSV keeps the file\'s other decisions', async (t) => {
    const head = 'id,entryId,type,decidedOn,court,docNumber,reason';
    const row = (id: string, entryId: string) => `${id},${entryId},屏蔽,2026-11-20,本溪市平山区人民法院,(2026)辽0502执异12号,performed`;
    const csv = [head, row('dc-1', 'p-001'), `dc-2,o-001,屏蔽,2026-11-20,"本溪市,bad`, row('dc-3', 'p-003')].join('\n');
    const { state, problems } = await load(t, { 'entries/a.json': [personRow(), orgRow(), personRow({ id: 'p-003', name: '孙丽' })], 'decisions/a.csv': csv });
    assert.deepEqual(state.entries, []);
    assert.deepEqual(state.gone.filter((g) => g.cause === 'decided').map((g) => g.id).sort(), ['p-001', 'p-003']);
    assert.ok(problems.some((p) => p.line === 3 && p.severity === 'error'), JSON.stringify(problems));
  });

  test('a decision CSV row with a missing cell still withholds the entry it names', async (t) => {
    const csv = ['id,entryId,type,decidedOn,court,docNumber,reason', 'dc-1,p-001,屏蔽,2026-11-20,本溪市平山区人民法院,performed'].join('\n');
    const { state } = await load(t, { ...entries, 'decisions/a.csv': csv });
    assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
  });

  test('a decision file naming a field twice stops the build', async (t) => {
    await stopsTheBuild(t, { ...entries, 'decisions/a.csv': 'id,entryId,名单记录编号,type,decidedOn,court,docNumber,reason\ndc-1,p-001,p-002,屏蔽,2026-11-20,法院,文号,performed\n' }, 'decisions/a.csv');
  });

  test('a decision entryId written with full-width characters and a zero-width space names the entry', async (t) => {
    const { state } = await load(t, { ...entries, 'decisions/a.json': [decisionRow({ entryId: '\uFF50-\u200B001\u00AD ' })] });
    assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
  });
});

describe('entry files that cannot be read in full', () => {
  test('a file of unknown extension in entries is reported, not ignored', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.json': [personRow()], 'entries/b.xlsx': 'PK' });
    assert.deepEqual(state.entries.map((e) => e.id), ['p-001']);
    const problem = problems.find((p) => p.file.endsWith('b.xlsx'));
    assert.equal(problem?.severity, 'error');
    assert.equal(problem!.code, 'UnsupportedFileType');
  });

  test('an entry file with upper-case CSV extension is read', async (t) => {
    const { state } = await load(t, { 'entries/B.CSV': personCsv('english') });
    assert.deepEqual(state.entries.map((e) => e.name).sort(), ['孙丽', '赵建国']);
  });

  test('a truncated entry file is reported and publishes nothing of it', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.json': [orgRow()], 'entries/b.json': JSON.stringify([personRow()]).slice(0, -9) });
    assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
    assert.ok(problems.some((p) => p.file.endsWith('b.json') && p.severity === 'error'));
  });

  test('one bad row of an entry CSV keeps the file\'s other entries', async (t) => {
    const [head, first, second] = personCsv('english').trim().split('\r\n');
    const broken = first!.replace('赵建国', '"赵建国').replace('p-001', 'p-009');
    const { state, problems } = await load(t, { 'entries/a.csv': [head, first, broken, second].join('\n') });
    assert.deepEqual(state.entries.map((e) => e.id).sort(), ['p-001', 'p-002']);
    assert.deepEqual(problems.map((p) => [p.severity, p.line]), [['error', 3]]);
  });

  test('a batch file over the size limit is refused with its size', async (t) => {
    const root = await contentFolder({ 'entries/a.json': [personRow()] });
    t.after(() => removeFolder(root));
    const problems: Problem[] = [];
    const rows = await readRows(path.join(root, 'entries'), problems, 'entries', { maxFileBytes: 100 });
    assert.deepEqual(rows, []);
    const { size } = await stat(path.join(root, 'entries/a.json'));
    assert.deepEqual({ code: problems[0]!.code, message: problems[0]!.message }, said('FileTooLarge', { bytes: size, maxBytes: 100 }));
  });
});

describe('columns cannot hide a field', () => {
  test('a header 是否公开（是/否） is read as disclose', () => {
    for (const header of ['是否公开（是/否）', '是否公开(是/否)', ' 是否 公开 ', 'Disclose', 'DISCLOSE', 'ｄｉｓｃｌｏｓｅ']) assert.equal(entryFieldForColumn(header), 'disclose', header);
  });

  test('the label 身份证号码（已脱敏） stays the masked number, not the full one', () => {
    assert.equal(entryFieldForColumn('身份证号码（已脱敏）'), 'idNumberMasked');
    assert.equal(entryFieldForColumn('身份证号码（18位）'), 'idNumber');
  });

  test('headers are compared after NFKC, case, spaces and a bracketed suffix', () => {
    assert.equal(normaliseHeader('Id Number（必填）'), 'idnumber');
    assert.equal(normaliseHeader('是否公开（是/否）', { keepSuffix: true }), '是否公开(是/否)');
  });

  test('a Disclose header with 否 withholds the record', async (t) => {
    const csv = `${personCsv('english').split('\r\n')[0]},Disclose（是/否）\r\n${personCsv('english').split('\r\n')[1]},否\r\n`;
    const { state } = await load(t, { 'entries/a.csv': csv });
    assert.deepEqual(state.entries, []);
    assert.equal(state.counts.withheld, 1);
  });

  test('a field given twice in one file refuses the file', async (t) => {
    const [head, ...rows] = personCsv('chinese').trim().split('\r\n');
    const csv = [`${head},是否公开,是否公开`, ...rows.map((r) => `${r},否,`)].join('\n');
    const { state, problems } = await load(t, { 'entries/a.csv': csv, 'entries/b.json': [orgRow()] });
    assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
    const problem = problems.find((p) => p.file.endsWith('a.csv'))!;
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /字段 disclose（是否公开）出现了 2 次/);
  });

  test('disclose and 是否公开 in one JSON file refuse the file', async (t) => {
    const { state, problems } = await load(t, { 'entries/a.json': [personRow({ disclose: '否', 是否公开: '' }), orgRow()] });
    assert.deepEqual(state.entries, []);
    assert.match(problems[0]!.message, /“disclose”、“是否公开”/);
  });

  test('a key written twice in one JSON object refuses the file', async (t) => {
    const text = JSON.stringify([personRow({ disclose: '否' })]).replace('"disclose":"否"', '"disclose":"否","disclose":"是"');
    const { state, problems } = await load(t, { 'entries/a.json': text, 'entries/b.jsonl': `${JSON.stringify(orgRow()).replace('{', '{"kind":"person",')}\n` });
    assert.deepEqual(state.entries, []);
    assert.deepEqual(problems.map((p) => path.basename(p.file)), ['a.json', 'b.jsonl']);
    assert.match(problems[0]!.message, /字段 disclose（是否公开）出现了 2 次/);
  });

  test('repeated keys are found only within one object, also when escaped', () => {
    assert.deepEqual(repeatedKeys('[{"a":1,"b":{"a":2}},{"a":3}]'), []);
    assert.deepEqual(repeatedKeys('{"a":"x,\\"a\\":1"}\n{"a":1}'), []);
    assert.deepEqual(repeatedKeys('[{"a":[1,{"c":1}],"\\u0061":2}]'), ['a']);
  });

  test('an unknown column that looks like a privacy field refuses the file', async (t) => {
    for (const column of ['是否未成年', 'is_minor', '隐私标记', '保密', 'Private']) assert.ok(looksLikePrivacyField(column), column);
    assert.equal(looksLikePrivacyField('phone'), false);
    const { state, problems } = await load(t, { 'entries/a.json': [personRow({ 是否未成年: '是' })] });
    assert.deepEqual(state.entries, []);
    assert.match(problems[0]!.message, /“是否未成年”.*是否公开或个人隐私/);
  });
});
