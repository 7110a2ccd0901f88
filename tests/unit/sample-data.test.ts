// The fictional sample: valid, deterministic, realistic where the site's tests need it to be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { ENTRY_LABELS, entryInputSchema, type Entry } from '../../scripts/lib/schema/entry.ts';
import { ageOn } from '../../scripts/lib/shared/dates.ts';
import { decisionInputSchema } from '../../scripts/lib/schema/decision.ts';
import { caseSchema, CASE_CATEGORIES } from '../../scripts/lib/schema/case.ts';
import { birthDateOf } from '../../scripts/lib/shared/rules/id-number.ts';
import { creditCodeProblem } from '../../scripts/lib/shared/rules/credit-code.ts';
import { hasExpired } from '../../scripts/lib/rules/listing-period.ts';
import { isMinor } from '../../scripts/lib/rules/publicity.ts';
import {
  COMPOUND_SURNAMES, FIXTURE_DECISION_IDS, FIXTURE_IDS, INVALID_FILE_IDS, PUBLISHED_FROM, PUBLISHED_TO,
  fixtureEntries, generateDecisions, generateEntries, sampleEntries, type RawEntry, type RawPerson,
} from '../../scripts/lib/sample/generate.ts';
import { generateCases } from '../../scripts/lib/sample/cases.ts';
import { SAMPLE_FILES, SAMPLE_SEED, writeSample, writeSyntheticContent } from '../../scripts/generate-sample.ts';

const sample = sampleEntries({ seed: SAMPLE_SEED, total: 1000 });
const byId = new Map(sample.map((e) => [e.id, e]));
const parsed = (e: RawEntry): Entry => entryInputSchema.parse(e);
const persons = sample.filter((e): e is RawPerson => e.kind === 'person');
const tmp = (label: string) => mkdtempSync(path.join(os.tmpdir(), `gongshi-sample-${label}-`));

// One written sample, shared by the file tests (writing takes well under a second).
const written = tmp('written');
writeSample(written);
const readContent = (file: string) => readFileSync(path.join(written, file));

test('every generated entry passes the entry schema', () => {
  for (const entry of [...sample, ...generateEntries({ seed: 7, count: 3000, startId: 500_000 })]) {
    const result = entryInputSchema.safeParse(entry);
    assert.ok(result.success, `${entry.id}: ${JSON.stringify(result.error?.issues)}`);
  }
});

test('the generator is deterministic for a seed', () => {
  assert.deepEqual(generateEntries({ seed: 42, count: 300 }), generateEntries({ seed: 42, count: 300 }));
  assert.notDeepEqual(generateEntries({ seed: 42, count: 300 }), generateEntries({ seed: 43, count: 300 }));
  assert.deepEqual(generateCases(42, sample), generateCases(42, sample));
  // Fixtures do not depend on the seed: tests may rely on them whatever seed the sample used.
  const fixtures = fixtureEntries();
  assert.deepEqual(sampleEntries({ seed: 1, total: 100 }).slice(0, fixtures.length), fixtures);
});

test('ids, ID numbers and case numbers are unique', () => {
  const big = sampleEntries({ seed: SAMPLE_SEED, total: 20_000 });
  for (const key of ['id', 'caseNumber'] as const) assert.equal(new Set(big.map((e) => e[key])).size, big.length, key);
  const ids = big.filter((e) => e.kind === 'person').map((e) => (e as RawPerson).idNumber);
  assert.equal(new Set(ids).size, ids.length);
});

test('ID numbers agree with age, gender and a Benxi area code', () => {
  for (const p of persons) {
    assert.match(p.idNumber.slice(0, 6), /^2105(0[2-5]|2[12])$/, p.id);
    const expectedAge = p.id === FIXTURE_IDS.minorByIdNumber ? p.age - 1 : p.age;
    assert.equal(ageOn(birthDateOf(p.idNumber)!, p.publishedOn), expectedAge, p.id);
    assert.equal(Number(p.idNumber[16]) % 2 === 1, p.gender === '男', `${p.id}: digit 17 is odd for men`);
    if (!p.id.startsWith('fx-')) assert.ok(p.age >= 18 && p.age <= 75, p.id);
  }
});

test('organisations make up about 15% and carry a valid Benxi credit code', () => {
  const orgs = sample.filter((e) => e.kind === 'org');
  assert.ok(orgs.length > 100 && orgs.length < 200, `${orgs.length} organisations`);
  for (const org of orgs) {
    assert.equal(creditCodeProblem(org.creditCode), null, org.id);
    assert.match(org.creditCode, /^9[123]2105/, org.id);
    assert.match(org.name, /公司|饭店|超市|修理部|商店|合作社/, org.name);
  }
  assert.ok(orgs.some((o) => o.name.startsWith('桓仁满族自治县')));
  assert.ok(orgs.some((o) => o.name.endsWith('矿业有限责任公司')));
});

test('dates lie in the fixed window, filing precedes publication and case numbers follow the court', () => {
  for (const e of sample) {
    if (!e.id.startsWith('fx-')) assert.ok(e.publishedOn >= PUBLISHED_FROM && e.publishedOn <= PUBLISHED_TO, e.id);
    assert.ok(e.filedOn < e.publishedOn, e.id);
    assert.equal(e.caseNumber.slice(1, 5), e.filedOn.slice(0, 4), e.id);
    const code = e.court === '本溪市中级人民法院' ? '辽05执' : `辽05${{ 平山区: '02', 溪湖区: '03', 明山区: '04', 南芬区: '05', 本溪满族自治县: '21', 桓仁满族自治县: '22' }[e.district]}执`;
    assert.ok(e.caseNumber.includes(code), `${e.id} ${e.caseNumber}`);
    if (e.performance === '部分未履行') assert.ok(e.performedPart && e.unperformedPart, e.id);
  }
  const behaviourSets = new Set(sample.map((e) => e.behaviours.join(',')));
  for (const b of ['1', '2', '3', '4', '5', '6', '1,4']) assert.ok(behaviourSets.has(b), `behaviours ${b}`);
  assert.ok(sample.filter((e) => e.behaviours.join() === '1').length > sample.length / 2, 'mostly behaviour 1');
});

test('the sample contains compound surnames, a middle-dot name and a non-BMP character', () => {
  const names = persons.map((p) => p.name);
  const compound = names.filter((n) => COMPOUND_SURNAMES.some((s) => n.startsWith(s)));
  assert.ok(compound.length >= 10 && compound.length <= 60, `${compound.length} compound surnames`);
  assert.ok(names.includes('阿依古丽·买买提') && names.every((n) => !/[•・．]/.test(n)), 'middle dot is U+00B7');
  assert.ok(names.some((n) => [...n].some((ch) => ch.codePointAt(0)! > 0xffff)), 'a name outside the BMP');
  assert.equal(byId.get(FIXTURE_IDS.nonBmp)!.name, '陈𠮷祥');
  for (const surname of ['单', '曾', '解', '仇', '区']) assert.ok(names.some((n) => n.startsWith(surname)), surname);
});

test('namesakes share a name but differ in age or ID', () => {
  const zhangWei = FIXTURE_IDS.zhangWei.map((id) => byId.get(id) as RawPerson);
  assert.ok(zhangWei.every((p) => p.name === '张伟'));
  assert.equal(new Set(zhangWei.map((p) => p.age)).size, 3);
  assert.equal(new Set(zhangWei.map((p) => p.idNumber)).size, 3);
  assert.equal(new Set(zhangWei.map((p) => p.court)).size, 3);
  const wangFang = FIXTURE_IDS.wangFang.map((id) => byId.get(id) as RawPerson);
  assert.ok(wangFang.every((p) => p.name === '王芳') && wangFang[0]!.idNumber !== wangFang[1]!.idNumber);
  // Random names never contain a fixture name, so a search test can count its hits exactly.
  const containing = (q: string) => sample.filter((e) => e.name.includes(q)).map((e) => e.id).sort();
  assert.deepEqual(containing('张伟'), [...FIXTURE_IDS.zhangWei, FIXTURE_IDS.zhangWeiming].sort());
  assert.deepEqual(containing('李四'), [FIXTURE_IDS.liSi, FIXTURE_IDS.liSiguang].sort());
  assert.deepEqual(containing('宏达'), [FIXTURE_IDS.org]);
  assert.deepEqual(containing('张明'), [FIXTURE_IDS.zhangMing]);
});

test('the fixtures have the properties the build tests rely on', () => {
  const f = (id: string) => parsed(byId.get(id)!);
  assert.equal(f(FIXTURE_IDS.minor).age, 16);
  assert.equal(isMinor(f(FIXTURE_IDS.minor), f(FIXTURE_IDS.minor).publishedOn), true);
  assert.equal(f(FIXTURE_IDS.minorByIdNumber).age, 18);
  assert.equal(isMinor({ ...f(FIXTURE_IDS.minorByIdNumber), age: undefined }, f(FIXTURE_IDS.minorByIdNumber).publishedOn), true);
  assert.equal(f(FIXTURE_IDS.undisclosed).disclose, false);
  const expired = f(FIXTURE_IDS.expired);
  assert.deepEqual([expired.behaviours, expired.publishedOn, expired.listingEndsOn], [[2], '2024-11-15', '2026-11-15']);
  assert.equal(byId.get(FIXTURE_IDS.expired)!.listingEndsOn, undefined);
  assert.ok(hasExpired(expired.listingEndsOn, '2026-11-26'));
  const late = f(FIXTURE_IDS.endsOn20261231);
  assert.equal(late.listingEndsOn, '2026-12-31');
  assert.ok(!hasExpired(late.listingEndsOn, '2026-11-26') && hasExpired(late.listingEndsOn, '2027-01-01'));
  const org = f(FIXTURE_IDS.org);
  assert.deepEqual([org.kind, org.name, org.district], ['org', '本溪市宏达建筑工程有限公司', '市辖区']);
  const names: Record<string, string> = {
    [FIXTURE_IDS.middleDot]: '阿依古丽·买买提', [FIXTURE_IDS.compoundSurname]: '诸葛文静', [FIXTURE_IDS.zhangWeiming]: '张伟明',
    [FIXTURE_IDS.zhangMing]: '张明', [FIXTURE_IDS.liSi]: '李四', [FIXTURE_IDS.liSiguang]: '李四光', [FIXTURE_IDS.liNa]: '李娜',
    [FIXTURE_IDS.shanLi]: '单丽', [FIXTURE_IDS.zengQiang]: '曾强', [FIXTURE_IDS.xieFang]: '解放', [FIXTURE_IDS.qiuHongmei]: '仇红梅', [FIXTURE_IDS.ouZhiqiang]: '区志强',
  };
  for (const [id, name] of Object.entries(names)) assert.equal(byId.get(id)?.name, name, id);
  // Everyone not meant to be hidden is an adult with disclose left at its default.
  for (const id of [FIXTURE_IDS.liNa, FIXTURE_IDS.liSiguang, FIXTURE_IDS.zhangWeiming]) {
    const e = f(id);
    assert.ok(e.disclose && e.age! >= 18 && !hasExpired(e.listingEndsOn, '2026-11-26'), id);
  }
});

test('the decisions are valid and name existing entries', () => {
  const decisions = generateDecisions(SAMPLE_SEED, sample).map((d) => decisionInputSchema.parse(d));
  assert.equal(decisions.length, 5);
  assert.equal(new Set(decisions.map((d) => d.id)).size, 5);
  const masked = decisions.find((d) => d.id === FIXTURE_DECISION_IDS.masked)!;
  assert.deepEqual([masked.entryId, masked.type, masked.reason], [FIXTURE_IDS.masked, '屏蔽', 'performed']);
  const revoked = decisions.find((d) => d.id === FIXTURE_DECISION_IDS.revoked)!;
  assert.deepEqual([revoked.entryId, revoked.type, revoked.reason], [FIXTURE_IDS.revoked, '撤销', 'wrongful']);
  assert.match(revoked.docNumber, /^\(2025\)辽0504执异\d+号$/);
  for (const d of decisions) {
    const entry = byId.get(d.entryId)!;
    assert.ok(entry, d.id);
    assert.equal(d.court, entry.court);
    assert.ok(d.decidedOn >= entry.publishedOn && d.decidedOn < '2026-11-26', d.id);
  }
});

// ---------------------------------------------------------------- the written files

/** Rows of a CSV with Chinese or English headers, keyed by field name. */
function csvRows(text: string): Record<string, string>[] {
  const fieldOf = new Map<string, string>(Object.entries(ENTRY_LABELS).map(([field, label]) => [label, field]));
  return parse(text, { columns: (headers: string[]) => headers.map((h) => fieldOf.get(h) ?? h), bom: true });
}

function sampleFileRows(): Record<string, unknown>[] {
  return [
    ...(JSON.parse(readContent(SAMPLE_FILES.a).toString('utf8')) as Record<string, unknown>[]),
    ...readContent(SAMPLE_FILES.b).toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>),
    ...csvRows(readContent(SAMPLE_FILES.c).toString('utf8')),
    ...csvRows(new TextDecoder('gb18030').decode(readContent(SAMPLE_FILES.d))),
  ];
}

test('the four sample files hold every entry once, and each row parses to the same entry', () => {
  const rows = sampleFileRows();
  assert.equal(rows.length, 1000);
  assert.deepEqual(rows.map((r) => String(r.id)).sort(), sample.map((e) => e.id).sort());
  for (const row of rows) {
    // CSV dates, full-width brackets, 自然人 and 1、3 must all mean exactly what the JSON said.
    // (Empty CSV cells parse to undefined keys that JSON omits: compare without them.)
    const plain = (e: Entry) => JSON.parse(JSON.stringify(e)) as unknown;
    assert.deepEqual(plain(entryInputSchema.parse(row)), plain(parsed(byId.get(String(row.id))!)), String(row.id));
  }
  const utf8Csv = readContent(SAMPLE_FILES.c);
  assert.deepEqual([...utf8Csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 CSV starts with a BOM');
  assert.ok(utf8Csv.toString('utf8').startsWith(`\uFEFF${ENTRY_LABELS.id},${ENTRY_LABELS.kind},`));
  const nonBmpFile = [SAMPLE_FILES.a, SAMPLE_FILES.b].find((f) => readContent(f).toString('utf8').includes('𠮷'));
  assert.ok(nonBmpFile, '𠮷 is in a JSON file');
});

test('the GBK file decodes as the reader decodes it, and encodes back to the same bytes', () => {
  const bytes = readContent(SAMPLE_FILES.d);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'not valid UTF-8, so the pipeline must detect GBK');
  const text = new TextDecoder('gb18030').decode(bytes);
  assert.ok(!text.includes('\uFFFD') && !text.includes('?'), 'no replacement characters');
  assert.deepEqual(iconv.encode(text, 'gbk'), bytes);
  assert.ok(text.startsWith('id,kind,name,gender,age,idNumber,'));
  assert.match(text, /（20\d\d）辽05\d*执/);
  assert.match(text, /,20\d\d\/\d{1,2}\/\d{1,2},/);
  assert.ok(csvRows(text).length > 100);
});

test('the invalid file has three valid rows and two that fail for the documented reasons', () => {
  const rows = csvRows(readContent(SAMPLE_FILES.invalid).toString('utf8'));
  assert.deepEqual(rows.map((r) => r.id), [...INVALID_FILE_IDS.valid, INVALID_FILE_IDS.badChecksum, INVALID_FILE_IDS.phoneAndBadDate]);
  assert.ok(rows.every((r) => 'phone' in r), 'an unknown column');
  for (const row of rows.slice(0, 3)) {
    const { phone, ...known } = row;
    assert.equal(phone, '');
    assert.ok(entryInputSchema.safeParse(known).success, row.id);
  }
  const issues = (row: Record<string, string>) => entryInputSchema.safeParse(row).error?.issues.map((i) => i.path.join('.'));
  assert.deepEqual(issues(rows[3]!), ['idNumber']);
  assert.match(rows[4]!.phone!, /^1\d{10}$/);
  assert.deepEqual(issues(rows[4]!), ['filedOn']);
  assert.ok(!sample.some((e) => (INVALID_FILE_IDS.valid as readonly string[]).includes(e.id)), 'ids of the invalid file are its own');
});

test('writing the sample twice gives byte-identical files', () => {
  const again = tmp('again');
  writeSample(again);
  const list = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort();
  assert.deepEqual(list(again), list(written));
  for (const file of list(written)) assert.ok(readFileSync(path.join(again, file)).equals(readContent(file)), file);
  rmSync(again, { recursive: true });
});

test('writing the sample deletes only the files it owns', () => {
  const dir = tmp('owned');
  const keep = ['README.md', 'site.json', 'measures/catalog.json', 'entries/court-2026-11.json', 'decisions/court.json'];
  const stale = ['entries/sample-old.json', 'decisions/sample-old.json', 'cases/old-case.md'];
  for (const file of [...keep, ...stale]) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), 'x');
  }
  writeSample(dir, { entries: 60 });
  for (const file of keep) assert.equal(readFileSync(path.join(dir, file), 'utf8'), 'x', file);
  for (const file of stale) assert.throws(() => readFileSync(path.join(dir, file)), file);
  rmSync(dir, { recursive: true });
});

/** Minimal frontmatter reader for the format the generator writes: `key: value`, lists as JSON. */
function readCase(file: string): Record<string, unknown> {
  const [, front, body] = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(readFileSync(file, 'utf8'))!;
  const data: Record<string, unknown> = { slug: path.basename(file, '.md'), body };
  for (const line of front!.split('\n')) {
    const [, key, value] = /^(\w+): (.*)$/.exec(line)!;
    data[key!] = /^[["]/.test(value!) ? JSON.parse(value!) : value;
  }
  return data;
}

test('the cases parse as publicity cases, with several positive examples', () => {
  const dir = path.join(written, 'cases');
  const cases = readdirSync(dir).map((name) => caseSchema.parse(readCase(path.join(dir, name))));
  assert.equal(cases.length, 20);
  assert.equal(new Set(cases.map((c) => c.title)).size, 20);
  for (const category of CASE_CATEGORIES) assert.ok(cases.some((c) => c.category === category), category);
  assert.ok(cases.filter((c) => c.category === '正面典型').length >= 4);
  const caseNumbers = new Set(sample.map((e) => e.caseNumber));
  const related = cases.flatMap((c) => c.relatedCaseNumbers);
  assert.ok(related.length >= 8, `${related.length} related case numbers`);
  for (const n of related) assert.ok(caseNumbers.has(n), n);
  assert.ok(related.includes(byId.get(FIXTURE_IDS.masked)!.caseNumber));
  for (const c of cases) {
    const paragraphs = c.body.trim().split(/\n\n+/);
    assert.ok(paragraphs.length >= 3 && paragraphs.length <= 6, `${c.slug}: ${paragraphs.length} paragraphs`);
    assert.ok(c.body.includes('虚构'), `${c.slug} says it is fictional`);
    assert.ok(c.date >= '2025-01-01' && c.date <= PUBLISHED_TO, c.slug);
  }
});

test('synthetic content for benchmarks comes in JSON Lines files of at most 20,000 lines', async () => {
  const dir = tmp('synthetic');
  const summary = await writeSyntheticContent(dir, { entries: 45_000, seed: SAMPLE_SEED });
  const files = readdirSync(path.join(dir, 'entries')).sort();
  assert.deepEqual(files, ['synthetic-001.jsonl', 'synthetic-002.jsonl', 'synthetic-003.jsonl']);
  const lines = files.map((f) => readFileSync(path.join(dir, 'entries', f), 'utf8').trimEnd().split('\n').length);
  assert.deepEqual(lines, [20_000, 20_000, 5_000]);
  assert.equal(summary.cases, 20);
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'decisions', 'synthetic-decisions.json'), 'utf8')).length, 5);
  rmSync(dir, { recursive: true });
});

test.after(() => rmSync(written, { recursive: true, force: true }));
