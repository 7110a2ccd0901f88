// Publication as a whole (loadPublishState): who is published, withheld or gone, and that
// free text never carries a hidden party out with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPublishState } from '../../scripts/lib/publish-state.ts';
import { contentFolder, decisionRow, idNumber, orgRow, personRow, removeFolder } from '../fixtures/unit/records.ts';

const MINOR = personRow({ id: 'p-minor', name: '周小红', age: 16, idNumber: idNumber('210502', '20100601', '222'), caseNumber: '(2024)辽0502执200号' });

function caseFile(body: string): string {
  return `---\ntitle: 隐匿财产案\ndate: 2026-10-01\ncourt: 本溪市平山区人民法院\ncategory: 典型案例\nsummary: 一起案例。\nbehaviours: [3]\nrelatedCaseNumbers: []\n---\n\n${body}\n`;
}

test('an entry whose obligation names a minor is withheld, and the problem names the field but not the minor', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [MINOR, personRow({ obligation: '向周​小紅支付抚养费五万元' }), orgRow()] });
  t.after(() => removeFolder(root));
  const { state, problems, sensitive } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
  assert.deepEqual([state.counts.published, state.counts.withheld], [1, 2]);
  const problem = problems.find((p) => p.recordId === 'p-001')!;
  assert.equal(problem.field, 'obligation');
  assert.equal(problem.fieldLabel, '生效法律文书确定的义务');
  assert.match(problem.file, /a\.json$/);
  assert.doesNotMatch(`${problem.message}${problem.action}`, /周小红/);
  assert.ok(sensitive.some((s) => s.id === 'p-001'), 'the withheld entry is itself hidden for verify');
});

test('a case that names a delisted person is withheld and reported at its file', async (t) => {
  const root = await contentFolder({
    'entries/a.json': [personRow(), orgRow()],
    'decisions/a.json': [decisionRow({ entryId: 'p-001' })],
    'cases/2026-10-01-hidden.md': caseFile('被执行人趙建國将房产过户给亲属。'),
    'cases/2026-10-02-fine.md': caseFile('被执行人王某将房产过户给亲属。'),
  });
  t.after(() => removeFolder(root));
  const { state, problems } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.cases.map((c) => c.slug), ['2026-10-02-fine']);
  assert.ok(problems.some((p) => p.recordId === '2026-10-01-hidden' && p.field === 'body' && p.file.endsWith('2026-10-01-hidden.md')));
});

test('a case or entry holding anyone\'s full ID number in any disguise is withheld and the problem does not repeat the number', async (t) => {
  const full = idNumber('210502', '19850315', '123');
  const spaced = `${full.slice(0, 6)} ${full.slice(6, 14)}-${full.slice(14)}`.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const root = await contentFolder({
    'entries/a.json': [personRow({ id: 'p-002', name: '钱多多', idNumber: idNumber('210502', '19800101', '321'), caseNumber: '(2024)辽0502执124号', obligation: `偿还ID${full}abc借款` }), orgRow()],
    'cases/2026-10-01-id.md': caseFile(`被执行人身份证号 ${spaced}。`),
  });
  t.after(() => removeFolder(root));
  const { state, problems } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
  assert.deepEqual(state.cases, []);
  const reported = problems.filter((p) => p.code === 'FullIdNumberInText');
  assert.deepEqual(reported.map((p) => [p.recordId, p.field]).sort(), [['2026-10-01-id', 'body'], ['p-002', 'obligation']]);
  assert.doesNotMatch(JSON.stringify(problems), new RegExp(full.slice(10)));
});

test('a case that hides a delisted name behind Markdown emphasis is withheld, not left to fail the build', async (t) => {
  const root = await contentFolder({
    'entries/a.json': [personRow(), orgRow()],
    'decisions/a.json': [decisionRow({ entryId: 'p-001' })],
    'cases/2026-10-01-emphasis.md': caseFile('被执行人赵**建**国将房产过户给亲属，另有`赵建`国。'),
  });
  t.after(() => removeFolder(root));
  const { state } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.cases, []);
});

for (const [how, entryId] of [['a left-to-right mark', 'p-001\u200E'], ['an invisible separator', 'p-001\u2063'], ['a non-breaking hyphen', 'p\u2011001'], ['full-width letters', 'ｐ－００１']] as const) {
  test(`a decision naming its entry with ${how} takes the entry down`, async (t) => {
    const root = await contentFolder({ 'entries/a.json': [personRow(), orgRow()], 'decisions/a.json': [decisionRow({ entryId })] });
    t.after(() => removeFolder(root));
    const { state } = await loadPublishState(root, '2026-11-26');
    assert.deepEqual(state.entries.map((e) => e.id), ['o-001']);
  });
}

test('a record in a file refused for its columns stays a hidden party: a case naming it is withheld', async (t) => {
  const header = 'id,kind,name,gender,age,idNumber,court,district,province,caseNumber,filedOn,basisDocNumber,basisIssuer,obligation,performance,behaviours,publishedOn,是否公开,是否公开';
  const row = 'p-009,person,孙秘密,男,40,' + idNumber('210502', '19800101', '999') + ',本溪市平山区人民法院,平山区,辽宁省,(2024)辽0502执999号,2024-06-01,(2023)辽0502民初1号,本溪市平山区人民法院,偿还借款,全部未履行,1,2025-03-10,否,';
  const root = await contentFolder({ 'entries/a.json': [orgRow()], 'entries/b.csv': `${header}\n${row}\n`, 'cases/2026-10-01-secret.md': caseFile('被执行人孙秘密隐匿财产。') });
  t.after(() => removeFolder(root));
  const { state, sensitive } = await loadPublishState(root, '2026-11-26');
  assert.deepEqual(state.cases, []);
  assert.ok(sensitive.some((s) => s.id === 'p-009'));
  assert.deepEqual([state.counts.received, state.counts.withheld], [2, 1]);
});
