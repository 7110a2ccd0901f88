// The reuse terms on /data/ (issue #13 item 4): the page is rendered from the data contract in
// code, so every field of every data file a build writes is on it with its Chinese label from the
// schemas / export columns, and a unit never has to follow a link into the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DATA_FILES } from '../../scripts/lib/data-dictionary.ts';
import { COLUMN_LABELS, CSV_COLUMNS } from '../../scripts/lib/export-columns.ts';
import { CASE_EXPORT_FIELDS, CASE_EXPORT_LABELS } from '../../scripts/lib/cases.ts';
import { buildFixture } from '../helpers/build-fixture.ts';
import { contentFolder, decisionRow, orgRow, personRow, removeFolder } from '../fixtures/unit/records.ts';

const CASE = `---\ntitle: 隐匿财产案\ndate: 2026-10-01\ncourt: 本溪市平山区人民法院\ncategory: 典型案例\nsummary: 一起案例。\nbehaviours: [3]\nrelatedCaseNumbers: []\n---\n\n被执行人王某将房产过户给亲属。\n`;

type Json = Record<string, unknown>;

/** The page's field tables: file doc id → field name → the label shown. */
function tablesOf(html: string): Map<string, Map<string, string>> {
  const tables = new Map<string, Map<string, string>>();
  for (const [, id, body] of html.matchAll(/data-file-doc="([^"]+)"[^>]*>([^]*?)<\/table>/g)) {
    const rows = new Map<string, string>();
    for (const [, name, label] of body!.matchAll(/data-field="([^"]+)"[^>]*>[^]*?<td[^>]*data-label[^>]*>([^<]*)<\/td>/g)) rows.set(name!, label!);
    tables.set(id!, rows);
  }
  return tables;
}

test('the data page names every field of every data file with its label from the code, states the reuse terms, and never sends a unit into the repository', async (t) => {
  const root = await contentFolder({ 'entries/a.json': [personRow(), personRow({ id: 'p-002', name: '李明', caseNumber: '(2024)辽0502执124号', performedPart: '已还一万元', unperformedPart: '四万元', listingEndsOn: '2028-01-01' }), orgRow()], 'decisions/a.json': [decisionRow({ entryId: 'p-002' })], 'cases/2026-10-01-a.md': CASE });
  const out = await mkdtemp(path.join(os.tmpdir(), 'gongshi-data-page-'));
  t.after(async () => {
    await removeFolder(root);
    await rm(out, { recursive: true, force: true });
  });
  await buildFixture({ content: root, out });
  const live = path.join(out, 'site');
  const html = await readFile(path.join(live, 'data/index.html'), 'utf8');
  const tables = tablesOf(html);

  // Rendered from the contract: each table holds exactly the dictionary's fields, with its labels.
  for (const doc of DATA_FILES) assert.deepEqual([...tables.get(doc.id)!.entries()], doc.fields.map((f) => [f.name, f.label]), doc.id);
  // The labels are the exports' own: the headers of entries.csv and cases.csv.
  assert.deepEqual([...tables.get('entry-fields')!.entries()], CSV_COLUMNS.map((c) => [c, COLUMN_LABELS[c]]));
  const [entriesHeader] = parse((await readFile(path.join(live, 'data/entries.csv'), 'utf8')).slice(1), { to: 1 }) as string[][];
  assert.deepEqual(entriesHeader, [...tables.get('entry-fields')!.values()]);
  const [casesHeader] = parse((await readFile(path.join(live, 'data/cases.csv'), 'utf8')).slice(1), { to: 1 }) as string[][];
  assert.deepEqual(casesHeader, CASE_EXPORT_FIELDS.map((f) => CASE_EXPORT_LABELS[f]));
  assert.deepEqual([...tables.get('case-fields')!.values()], casesHeader);

  // Every key the build actually wrote is documented, heads and records alike.
  const read = async (file: string) => JSON.parse(await readFile(path.join(live, file), 'utf8')) as Json;
  const keys = (records: Json[]) => [...new Set(records.flatMap((r) => Object.keys(r)))];
  const [entries, changes, cases, freshness] = await Promise.all(['data/entries.json', 'data/changes.json', 'data/cases.json', 'freshness.json'].map(read));
  const written: [string, string[]][] = [
    ['entries', Object.keys(entries!)],
    ['entry-fields', keys(entries!.entries as Json[])],
    ['changes', Object.keys(changes!)],
    ['change-fields', keys(changes!.events as Json[])],
    ['cases', Object.keys(cases!)],
    ['case-fields', keys(cases!.cases as Json[])],
    ['freshness', Object.keys(freshness!)],
  ];
  const index = await read('data/index.json') as { versions: { deltas: string[] }[]; courts: { feed: string[] }[] };
  for (const piece of await Promise.all(index.versions.flatMap((v) => v.deltas).map((p) => read(`data/${p}`)))) written.push(['delta', Object.keys(piece)], ['delta-event-fields', keys(piece.events as Json[])]);
  for (const piece of await Promise.all(index.courts.flatMap((c) => c.feed).map((p) => read(`data/${p}`)))) written.push(['court-feed', Object.keys(piece)], ['delta-event-fields', keys(piece.events as Json[])]);
  const documented = (id: string, field: string) => tables.get(id)!.has(field) || (id === 'entry-fields' && tables.get('entry-json-fields')!.has(field));
  for (const [id, fields] of written) for (const field of fields) assert.ok(documented(id, field), `${id}: ${field} is written but not on the data page`);
  assert.ok((changes!.events as Json[]).some((e) => e.op === 'DEL' && e.docNumber), 'the feed has a DEL by decision, so its fields were checked');

  const text = html.replace(/<[^>]+>/g, '');
  assert.match(text, /在 3 个工作日内解除对该记录采取的惩戒措施/);
  assert.match(text, /不保留已撤下记录的任何副本/);
  assert.match(text, /不再公开、转载或传播已撤下记录的姓名、名称/);
  assert.match(text, /名单每天更新一次/);
  assert.match(text, /curl -fsS -o entries\.json http[^\s]+\/data\/entries\.json/);
  assert.match(text, /import json, urllib\.request[^]*if event\[&quot;op&quot;\] == &quot;DEL&quot;|import json, urllib\.request[^]*if event\["op"\] == "DEL"/);
  assert.match(text, /本站只公开本溪市各级人民法院纳入的失信被执行人[^]*全国失信被执行人名单以[^]*中国执行信息公开网[^]*为准/);
  assert.match(html, /<a href="http:\/\/zxgk\.court\.gov\.cn\/"/);
  // No field meaning is left to the repository: no link to it, no mention of its files.
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.doesNotMatch(href!, /github|gitlab|gitee|README|\.md$|content\//i, href);
  const main = /<main[^>]*>([^]*)<\/main>/.exec(html)![1]!.replace(/<[^>]+>/g, '');
  assert.doesNotMatch(main, /README|content\/|数据约定/);
});
