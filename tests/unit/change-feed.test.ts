import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { departuresOf, entryHash, newChangeEvents, type ChangeEvent } from '../../scripts/lib/build-state.ts';
import { loadPublishState, type PublishState } from '../../scripts/lib/publish-state.ts';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { decisionDelays, formatDecisionDelay } from '../../scripts/lib/report.ts';
import { appendLedger, layoutOf, readLedger, readLedgerKept } from '../../scripts/lib/release.ts';
import { contentFolder, decisionRow, orgRow, personRow, removeFolder, type Row } from '../fixtures/unit/records.ts';

const RECORDED_AT = '2026-11-26T02:00:00.000Z';
const EXPIRED = personRow({ id: 'p-009', name: '吴期满', behaviours: [2], filedOn: '2023-10-01', publishedOn: '2024-03-10' });

async function stateOf(t: TestContext, entries: Row[], decisions: Row[] = [], asOf = '2026-11-26'): Promise<PublishState> {
  const root = await contentFolder({ 'entries/a.json': entries, 'decisions/a.json': decisions });
  t.after(() => removeFolder(root));
  return (await loadPublishState(root, asOf)).state;
}

const summary = (events: ChangeEvent[]) => events.map((e) => `${e.seq} ${e.op} ${e.entryId}${e.type ? ` ${e.type}` : ''}`);

test('the first build adds every public entry and deletes every gone entry', async (t) => {
  const state = await stateOf(t, [personRow(), orgRow(), EXPIRED, personRow({ id: 'p-004', name: '李明' })], [decisionRow({ entryId: 'p-004' })]);
  const events = newChangeEvents([], state, RECORDED_AT);
  // Deletions first, then additions; each by date, then id.
  assert.deepEqual(summary(events), ['1 DEL p-009 期满', '2 DEL p-004 屏蔽', '3 ADD p-001', '4 ADD o-001']);
  const added = events.find((e) => e.entryId === 'p-001')!;
  assert.deepEqual(added, {
    seq: 3, op: 'ADD', entryId: 'p-001', caseNumber: '(2024)辽0502执123号', court: '本溪市平山区人民法院',
    date: '2025-03-10', recordedAt: RECORDED_AT, hash: entryHash(state.entries.find((e) => e.id === 'p-001')!),
  });
  const decided = events.find((e) => e.entryId === 'p-004')!;
  assert.deepEqual([decided.decisionId, decided.docNumber, decided.date], ['dc-001', '(2024)辽0502执123号之一', '2026-11-20']);
  assert.equal(events.find((e) => e.entryId === 'p-009')!.date, '2026-03-11');
});

test('a second build of the same state emits nothing', async (t) => {
  const state = await stateOf(t, [personRow(), orgRow(), EXPIRED]);
  const first = newChangeEvents([], state, RECORDED_AT);
  assert.deepEqual(newChangeEvents(first, state, '2026-11-27T02:00:00.000Z'), []);
});

test('an entry that becomes gone emits exactly one DEL citing the decision', async (t) => {
  const ledger = newChangeEvents([], await stateOf(t, [personRow(), orgRow()]), RECORDED_AT);
  const after = await stateOf(t, [personRow(), orgRow()], [decisionRow({ id: 'dc-7', type: '撤销', reason: 'wrongful' })]);
  const events = newChangeEvents(ledger, after, RECORDED_AT);
  assert.equal(events.length, 1);
  assert.deepEqual(
    { op: events[0]!.op, entryId: events[0]!.entryId, type: events[0]!.type, decisionId: events[0]!.decisionId, date: events[0]!.date },
    { op: 'DEL', entryId: 'p-001', type: '撤销', decisionId: 'dc-7', date: '2026-11-20' },
  );
  assert.deepEqual(newChangeEvents([...ledger, ...events], after, RECORDED_AT), [], 'and nothing on the next build');
});

test('a change to a public entry emits MOD with the new hash, dated the build day', async (t) => {
  const ledger = newChangeEvents([], await stateOf(t, [personRow(), orgRow()]), RECORDED_AT);
  const after = await stateOf(t, [personRow({ performance: '部分未履行', performedPart: '已还款一万元' }), orgRow()], [], '2026-11-27');
  const events = newChangeEvents(ledger, after, RECORDED_AT);
  assert.deepEqual(summary(events), ['3 MOD p-001']);
  assert.equal(events[0]!.date, '2026-11-27');
  assert.equal(events[0]!.hash, entryHash(after.entries.find((e) => e.id === 'p-001')!));
  assert.notEqual(events[0]!.hash, ledger.find((e) => e.entryId === 'p-001')!.hash);
});

test('an entry that silently leaves public view (withheld) emits DEL of type 暂停公开', async (t) => {
  const ledger = newChangeEvents([], await stateOf(t, [personRow(), orgRow()]), RECORDED_AT);
  const after = await stateOf(t, [personRow({ disclose: '否' }), orgRow()], [], '2026-11-27');
  const events = newChangeEvents(ledger, after, RECORDED_AT);
  assert.deepEqual(summary(events), ['3 DEL p-001 暂停公开']);
  assert.deepEqual([events[0]!.date, events[0]!.caseNumber, events[0]!.court], ['2026-11-27', '(2024)辽0502执123号', '本溪市平山区人民法院']);
  assert.equal(events[0]!.decisionId, undefined);
});

test('an entry withheld and then published again is added again', async (t) => {
  const first = newChangeEvents([], await stateOf(t, [personRow()]), RECORDED_AT);
  const withheld = newChangeEvents(first, await stateOf(t, [personRow({ gender: '' })]), RECORDED_AT);
  const back = newChangeEvents([...first, ...withheld], await stateOf(t, [personRow()]), RECORDED_AT);
  assert.deepEqual(summary([...first, ...withheld, ...back]), ['1 ADD p-001', '2 DEL p-001 暂停公开', '3 ADD p-001']);
});

test('seq continues from the last event of the ledger', async (t) => {
  const ledger: ChangeEvent[] = [
    { seq: 40, op: 'ADD', entryId: 'x-1', caseNumber: '(2020)辽0502执1号', court: '本溪市平山区人民法院', date: '2020-01-01', recordedAt: RECORDED_AT, hash: 'abc' },
    { seq: 41, op: 'DEL', entryId: 'x-1', caseNumber: '(2020)辽0502执1号', court: '本溪市平山区人民法院', date: '2021-01-01', recordedAt: RECORDED_AT, type: '删除' },
  ];
  const events = newChangeEvents(ledger, await stateOf(t, [personRow(), orgRow()]), RECORDED_AT);
  assert.deepEqual(events.map((e) => e.seq), [42, 43]);
});

test('the same ledger and state always give the same events', async (t) => {
  const entries = [personRow(), orgRow(), EXPIRED, personRow({ id: 'p-004', name: '李明' })];
  const decisions = [decisionRow({ entryId: 'p-004' })];
  const a = newChangeEvents([], await stateOf(t, entries, decisions), RECORDED_AT);
  const b = newChangeEvents([], await stateOf(t, [...entries].reverse(), decisions), RECORDED_AT);
  assert.deepEqual(b, a);
});

test('a ledger line cut off mid-append is read as never written, and the lines before it are kept', async (t) => {
  const out = await contentFolder({});
  t.after(() => removeFolder(out));
  const layout = layoutOf(out);
  const event = (seq: number): ChangeEvent => ({ seq, op: 'ADD', entryId: `p-${seq}`, caseNumber: 'x', court: 'y', date: '2026-11-26', recordedAt: RECORDED_AT });
  await appendLedger(layout, [event(1)]);
  await appendLedger(layout, [event(2)]);
  assert.deepEqual((await readLedger(layout)).map((e) => e.seq), [1, 2]);
  await appendFile(layout.ledger, JSON.stringify(event(3)).slice(0, 20));
  assert.deepEqual((await readLedger(layout)).map((e) => e.seq), [1, 2]);
  // The next append cuts the torn line off instead of gluing onto it.
  await appendLedger(layout, [event(3)]);
  assert.deepEqual((await readLedger(layout)).map((e) => e.seq), [1, 2, 3]);
  // Cut off after more than the tail the append reads at a time, and with nothing whole before it.
  await appendFile(layout.ledger, JSON.stringify({ ...event(4), caseNumber: '案'.repeat(50_000) }).slice(0, 140_000));
  await appendLedger(layout, [event(4)]);
  assert.deepEqual((await readLedger(layout)).map((e) => e.seq), [1, 2, 3, 4]);
  await writeFile(layout.ledger, JSON.stringify(event(1)).slice(0, 20));
  await appendLedger(layout, [event(1)]);
  assert.deepEqual((await readLedger(layout)).map((e) => e.seq), [1]);
});

test('the ledger read through its parsed copy is the ledger parsed whole, after appends, cut-off lines, edits and a damaged copy', async (t) => {
  const out = await contentFolder({});
  t.after(() => removeFolder(out));
  const layout = layoutOf(out);
  const copy = path.join(out, '.ledger-parsed.v8');
  const parsedWhole = async () => {
    const lines = (await readFile(layout.ledger, 'utf8').catch(() => '')).split('\n');
    lines.pop();
    return lines.filter((line) => line.trim()).map((line) => JSON.parse(line) as ChangeEvent);
  };
  const op = fc.oneof(
    fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constantFrom('tear' as const, 'keep' as const, 'edit' as const, 'damage' as const, 'truncate' as const) }),
  );
  let seq = 0;
  await mkdir(path.dirname(layout.ledger), { recursive: true });
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
      await writeFile(layout.ledger, '');
      for (const o of ops) {
        if (o.kind === 'append') await appendLedger(layout, Array.from({ length: o.count }, () => ({ seq: ++seq, op: 'ADD' as const, entryId: `p-${seq}`, caseNumber: '案', court: '法院', date: '2026-11-26', recordedAt: RECORDED_AT })));
        if (o.kind === 'tear') await appendFile(layout.ledger, '{"seq":');
        if (o.kind === 'keep') await (await readLedgerKept(layout)).keep();
        // An earlier line changed in place (a restored backup): same length, other bytes.
        if (o.kind === 'edit') await writeFile(layout.ledger, (await readFile(layout.ledger, 'utf8')).replace('p-', 'q-'));
        if (o.kind === 'damage') await writeFile(copy, (await readFile(copy).catch(() => Buffer.alloc(40))).fill(7, 36, 38));
        if (o.kind === 'truncate') await writeFile(layout.ledger, (await readFile(layout.ledger, 'utf8')).split('\n').slice(0, 1).join('\n'));
        assert.deepEqual(await readLedger(layout), await parsedWhole(), JSON.stringify(o));
      }
    }),
    { numRuns: 60 },
  );
});

test('a decision taken down more than 3 working days after it was made is flagged late, with the days counted', async (t) => {
  const state = await stateOf(t, [personRow(), personRow({ id: 'p-004', name: '李明' })], [decisionRow({ id: 'dc-1', decidedOn: '2026-11-25' }), decisionRow({ id: 'dc-2', entryId: 'p-004', decidedOn: '2026-11-18' })]);
  const events = newChangeEvents([], state, RECORDED_AT);
  const delays = decisionDelays(state.decisions, events, '2026-11-26');
  assert.deepEqual(delays.map((d) => [d.decisionId, d.workingDays, d.late]).sort(), [['dc-1', 1, false], ['dc-2', 6, true]]);
  assert.match(formatDecisionDelay(delays.find((d) => d.late)!), /相隔 6 个工作日 ⚠ 超过 3 个工作日/);
  // Only this publication's DEL events count: a decision already taken down earlier is not reported again.
  assert.deepEqual(decisionDelays(state.decisions, events.filter((e) => e.entryId !== 'p-004'), '2026-11-26').map((d) => d.decisionId), ['dc-1']);
});

test('a decided entry stays off the list after its decision file is deleted, and keeps its notice', async (t) => {
  const ledger = newChangeEvents([], await stateOf(t, [personRow(), orgRow()], [decisionRow({ entryId: 'p-001' })]), RECORDED_AT);
  const root = await contentFolder({ 'entries/a.json': [personRow(), orgRow()], 'decisions/a.json': [] });
  t.after(() => removeFolder(root));
  const { state, sensitive } = await loadPublishState(root, '2026-11-27', undefined, departuresOf(ledger));
  assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
  assert.deepEqual(state.gone.map((g) => [g.id, g.type, g.decisionId, g.reason]), [['p-001', '屏蔽', 'dc-001', 'performed']]);
  assert.equal(state.counts.decided, 1);
  assert.ok(sensitive.some((s) => s.id === 'p-001'), 'its data still counts as hidden for verify');
  assert.deepEqual(newChangeEvents(ledger, state, RECORDED_AT), [], 'and the feed has nothing to add');
});

test('an expired entry stays off the list when its listing end is moved later', async (t) => {
  const ledger = newChangeEvents([], await stateOf(t, [EXPIRED]), RECORDED_AT);
  const root = await contentFolder({ 'entries/a.json': [{ ...EXPIRED, listingEndsOn: '2030-01-01' }] });
  t.after(() => removeFolder(root));
  const { state } = await loadPublishState(root, '2026-11-27', undefined, departuresOf(ledger));
  assert.deepEqual(state.entries, []);
  assert.deepEqual(state.gone.map((g) => [g.id, g.cause]), [['p-009', 'expired']]);
});

test('an entry that left for good keeps its notice after it is dropped from the batches', async (t) => {
  const ledger = newChangeEvents([], await stateOf(t, [personRow(), orgRow()], [decisionRow({ entryId: 'p-001' })]), RECORDED_AT);
  const root = await contentFolder({ 'entries/a.json': [orgRow()] });
  t.after(() => removeFolder(root));
  const { state } = await loadPublishState(root, '2026-11-27', undefined, departuresOf(ledger));
  assert.deepEqual(state.gone.map((g) => g.id), ['p-001']);
  assert.equal(state.counts.received, 1, 'counts are of the records received');
});

test('an entry withheld for a data problem is not a departure: it returns once corrected', async (t) => {
  const first = newChangeEvents([], await stateOf(t, [personRow()]), RECORDED_AT);
  const withheld = newChangeEvents(first, await stateOf(t, [personRow({ disclose: false })]), RECORDED_AT);
  assert.deepEqual(departuresOf([...first, ...withheld]), []);
});

test('a decision naming its entry in another letter case takes the entry down', async (t) => {
  const state = await stateOf(t, [personRow({ id: 'P-001' }), orgRow()], [decisionRow({ entryId: 'p-001' })]);
  assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
  assert.deepEqual(state.gone.map((g) => g.id), ['P-001']);
});

test('two entries whose ids differ only in letter case are both withheld as duplicates', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow({ id: 'p-001' }), personRow({ id: 'P-001', name: '钱多多' }), orgRow()] });
  t.after(() => removeFolder(root));
  const { state, problems } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
  assert.ok(problems.some((p) => p.field === 'id' && /大小写/.test(p.message)));
});

test('an entry whose publication date has not come appears in no state, feed event or count of the published', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow({ publishedOn: '2026-12-05', filedOn: '2026-11-01' }), orgRow()] });
  t.after(() => removeFolder(root));
  const before = await loadPublishState(root, '2026-12-01');
  assert.deepEqual(before.state.entries.map((e) => e.id), ['o-001']);
  assert.deepEqual(before.state.gone, []);
  assert.ok(before.sensitive.some((s) => s.id === 'p-001'));
  assert.deepEqual(summary(newChangeEvents([], before.state, RECORDED_AT)), ['1 ADD o-001']);
  const on = await loadPublishState(root, '2026-12-05');
  assert.deepEqual(on.state.entries.map((e) => e.id).sort(), ['o-001', 'p-001']);
});
