// Cases for journalists: filters and paging in the URL, related cases, links from a case's
// case numbers to entries (and only to entries that are or were public), the citation, the
// data files (nothing the page does not show) and the Atom feeds (RFC 4287, checked offline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { caseMatches, filterFromParams, filterToSearch, pageFromParams, pageOf, type CaseFacets } from '../../scripts/lib/shared/case-filter.ts';
import { caseCitation, caseNumberEntries, casesCsv, casesFeed, casesJson, CASE_EXPORT_FIELDS, CASE_EXPORT_LABELS, relatedCases, relatedEntryLinks, CATEGORY_SLUGS } from '../../scripts/lib/cases.ts';
import { CASE_CATEGORIES, type PublicityCase } from '../../scripts/lib/schema/case.ts';
import type { GoneEntry, PublishedEntry } from '../../scripts/lib/publish-state.ts';
import { atomFeed } from '../../scripts/lib/atom.ts';
import { atomProblems } from '../helpers/atom-validate.ts';

const SITE = 'https://credit.example.gov.cn';
const info = { city: '本溪市', sampleData: true } as PublishState['site'];
type PublishState = import('../../scripts/lib/publish-state.ts').PublishState;

const aCase = (slug: string, over: Partial<PublicityCase> = {}): PublicityCase => ({
  slug, title: `案例 ${slug}`, date: '2026-03-01', court: '本溪市平山区人民法院', category: '典型案例', summary: '摘要。',
  behaviours: [], relatedCaseNumbers: [], body: '正文。\n', ...over,
});

const facets = (over: Partial<CaseFacets> = {}): CaseFacets => ({ category: '典型案例', court: '本溪市平山区人民法院', behaviours: ['1', '3'], year: '2026', ...over });

test('the case filters combine: a case shows only when it matches every filter set', () => {
  const filter = filterFromParams(new URLSearchParams('category=典型案例&court=本溪市平山区人民法院&behaviour=3&year=2026'));
  assert.equal(caseMatches(facets(), filter), true);
  assert.equal(caseMatches(facets({ court: '本溪市明山区人民法院' }), filter), false);
  assert.equal(caseMatches(facets({ category: '正面典型' }), filter), false);
  assert.equal(caseMatches(facets({ behaviours: ['1'] }), filter), false);
  assert.equal(caseMatches(facets({ year: '2025' }), filter), false);
  assert.equal(caseMatches(facets({ year: '2025', behaviours: [] }), {}), true, 'no filter shows everything');
});

test('a filtered list has one URL, filter keys in a fixed order, page 1 and empty filters left out', () => {
  const filter = filterFromParams(new URLSearchParams('year=2026&court=本溪市平山区人民法院&category=&page=2'));
  assert.deepEqual(filter, { court: '本溪市平山区人民法院', year: '2026' });
  assert.equal(filterToSearch(filter, 2), `?court=${encodeURIComponent('本溪市平山区人民法院')}&year=2026&page=2`);
  assert.equal(filterToSearch(filter, 1), `?court=${encodeURIComponent('本溪市平山区人民法院')}&year=2026`);
  assert.equal(filterToSearch({}), '');
  assert.deepEqual(filterFromParams(new URLSearchParams(filterToSearch(filter, 3).slice(1))), filter, 'reads back what it writes');
});

test('paging shows ten cases a page and clamps a page number past either end', () => {
  assert.deepEqual(pageOf(23, 1), { from: 0, to: 10, page: 1, pages: 3 });
  assert.deepEqual(pageOf(23, 3), { from: 20, to: 23, page: 3, pages: 3 });
  assert.deepEqual(pageOf(23, 9), { from: 20, to: 23, page: 3, pages: 3 });
  assert.deepEqual(pageOf(0, 2), { from: 0, to: 0, page: 1, pages: 1 });
  for (const bad of ['0', '-1', '1.5', 'x', '']) assert.equal(pageFromParams(new URLSearchParams(`page=${bad}`)), 1, bad);
});

test('related cases share the category, the court or a behaviour, closest first, never the case itself', () => {
  const me = aCase('me', { behaviours: [1, 3] });
  const all = [
    me,
    aCase('same-all', { behaviours: [1, 3], date: '2025-01-01' }),
    aCase('same-court', { category: '正面典型', date: '2026-05-01' }),
    aCase('same-behaviour', { category: '联合惩戒', court: '本溪市明山区人民法院', behaviours: [3] }),
    aCase('nothing', { category: '正面典型', court: '本溪市明山区人民法院', behaviours: [5] }),
  ];
  assert.deepEqual(relatedCases(me, all).map((c) => c.slug), ['same-all', 'same-court', 'same-behaviour']);
  assert.ok(!relatedCases(all[4]!, all).some((c) => c.slug === 'me'), 'shares nothing with me');
  assert.deepEqual(relatedCases(aCase('lonely', { category: '拒执犯罪', court: '本溪市南芬区人民法院', behaviours: [6] }), all), []);
  assert.equal(relatedCases(me, all, 2).length, 2);
});

test('a related case number links to its entry while public and after it left the list, and to nothing otherwise', () => {
  const entries = [{ id: 'pub-1', caseNumberCanonical: '2025辽0502执123' }, { id: 'other', caseNumberCanonical: '2025辽0502执999' }] as PublishedEntry[];
  const gone = [{ id: 'gone-1', caseNumber: '(2024)辽0503执77号' }] as GoneEntry[];
  const c = aCase('c', { relatedCaseNumbers: ['（2025）辽0502执123号', '〔2024〕辽0503执77', '(2023)辽0505执1号'] });
  const links = caseNumberEntries({ cases: [c], entries, gone });
  assert.deepEqual(links, { '2025辽0502执123': ['pub-1'], '2024辽0503执77': ['gone-1'] }, 'only numbers a case cites, in any bracket form');
  assert.deepEqual(relatedEntryLinks(c, links), [
    { caseNumber: '（2025）辽0502执123号', entryIds: ['pub-1'] },
    { caseNumber: '〔2024〕辽0503执77', entryIds: ['gone-1'] },
    { caseNumber: '(2023)辽0505执1号', entryIds: [] },
  ]);
});

test('the citation names title, court, date and permalink', () => {
  assert.equal(caseCitation(aCase('x', { title: '拒执被判刑', court: '本溪市中级人民法院', date: '2026-03-01' }), `${SITE}/cases/x/`),
    `拒执被判刑，本溪市中级人民法院，2026年3月1日，${SITE}/cases/x/`);
});

// A body as a careless or hostile editor might write it: the page shows neither the comment nor the script.
const BODY = '第一段 & 说明。\n\n<!-- 内部备注：当事人王某某电话 13800000000 -->\n\n<script>alert(1)</script>\n\n## 结果\n\n=SUM(1) 已履行。\n';

test('the case data files hold exactly what the case page shows: fields in order, the body as the page renders it', () => {
  const cases = [aCase('a', { body: BODY, behaviours: [1, 4], relatedCaseNumbers: ['(2025)辽0502执123号'] }), aCase('b', { category: '正面典型' })];
  const json = JSON.parse(casesJson({ cases, site: info }, SITE)) as { format: string; count: number; cases: Record<string, unknown>[] };
  assert.equal(json.format, 'gongshi-cases/1');
  assert.equal(json.count, 2);
  assert.deepEqual(Object.keys(json.cases[0]!), [...CASE_EXPORT_FIELDS]);
  assert.equal(json.cases[0]!.url, `${SITE}/cases/a/`);
  assert.equal(json.cases[0]!.bodyText, '第一段 & 说明。\n结果\n=SUM(1) 已履行。');
  const text = JSON.stringify(json);
  for (const hidden of ['内部备注', '13800000000', 'alert', '<script', 'builtAt']) assert.ok(!text.includes(hidden), hidden);

  const csv = casesCsv(cases, SITE);
  assert.ok(csv.startsWith('\uFEFF'));
  const [labels, ...rows] = parse(csv.slice(1)) as string[][];
  // One header row, of Chinese labels (as entries.csv): a clerk's Excel shows no row of field names.
  assert.deepEqual(labels, CASE_EXPORT_FIELDS.map((f) => CASE_EXPORT_LABELS[f]));
  assert.equal(labels![0], '文件名');
  assert.equal(rows.length, 2);
  const column = (f: (typeof CASE_EXPORT_FIELDS)[number]) => CASE_EXPORT_FIELDS.indexOf(f);
  assert.equal(rows[0]![column('behaviours')], '1;4');
  assert.ok(rows[0]![column('bodyText')]!.includes('=SUM(1)'));
  assert.ok(!csv.includes('13800000000'));
});

test('the case feeds are valid Atom (RFC 4287): author, self link, IRIs as ids, RFC 3339 dates, one feed per category', () => {
  const cases = [aCase('new', { date: '2026-09-01', title: 'A & <B>' }), aCase('old', { date: '2025-02-01', category: '正面典型' })];
  const all = casesFeed({ cases, site: info }, SITE);
  assert.deepEqual(atomProblems(all), []);
  assert.match(all, /<author>\s*<name>本溪市失信被执行人名单公示<\/name>/);
  assert.match(all, new RegExp(`<link rel="self" type="application/atom\\+xml" href="${SITE}/cases/feed.atom"/>`));
  assert.match(all, /<feed[^>]*>\s*<id>https:\/\/credit.example.gov.cn\/cases\/<\/id>/, 'the feed keeps its id');
  // The newest case's date, not the build time: a new day does not change the feed.
  assert.match(all, /<feed[^]*?<updated>2026-09-01T00:00:00\+08:00<\/updated>/);
  // With no case, no build time either: the feeds are made again only when a case comes.
  const none = casesFeed({ cases: [], site: info }, SITE);
  assert.deepEqual(atomProblems(none), []);
  assert.match(none, /<updated>1970-01-01T00:00:00Z<\/updated>/);
  for (const category of CASE_CATEGORIES) {
    const feed = casesFeed({ cases, site: info }, SITE, category);
    assert.deepEqual(atomProblems(feed), [], category);
    assert.ok(feed.includes(`/cases/feed/${CATEGORY_SLUGS[category]}.atom`));
    assert.equal((feed.match(/<entry>/g) ?? []).length, cases.filter((c) => c.category === category).length, category);
  }
});

test('the feed validator rejects a feed without author, with a relative id or a date that is not RFC 3339', () => {
  const base = { id: `${SITE}/f`, title: 't', self: `${SITE}/f.atom`, alternate: `${SITE}/`, updated: '2026-01-01T00:00:00Z', author: { name: '发布者' }, entries: [{ id: `${SITE}/e`, title: 'e', updated: '2026-01-01T00:00:00Z', link: `${SITE}/e`, summary: 's' }] };
  assert.deepEqual(atomProblems(atomFeed(base)), []);
  assert.ok(atomProblems(atomFeed(base).replace(/<author>[^]*?<\/author>/, '')).some((p) => p.includes('no <author>')));
  assert.ok(atomProblems(atomFeed({ ...base, id: '/f' })).some((p) => p.includes('not an absolute IRI')));
  assert.ok(atomProblems(atomFeed({ ...base, updated: '2026-01-01' })).some((p) => p.includes('RFC 3339')));
  assert.ok(atomProblems(atomFeed(base).replace('<link rel="self"', '<link rel="related"')).some((p) => p.includes('rel="self"')));
  assert.ok(atomProblems(atomFeed(base).replace('</title>', '')).some((p) => p.includes('unbalanced') || p.includes('unclosed')));
});
