// The search index updated batch by batch answers as one built from scratch: same results, same
// order, same counts, same removal notices; nothing of a removed entry stays in any file; and a
// batch rewrites far fewer files than a rebuild would change.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildSearchIndex, indexDiff, updateSearchIndex, type IndexFiles } from '../../scripts/lib/search/index-build.ts';
import { queriesFor, searchAnswers, type AskedFilters } from '../helpers/search-answers.ts';
import { entryInputSchema } from '../../scripts/lib/schema/entry.ts';
import type { GoneEntry, PublishedEntry } from '../../scripts/lib/publish-state.ts';
import { creditCode, idNumber, orgRow, personRow } from '../fixtures/unit/records.ts';

const COURTS = [['本溪市平山区人民法院', '平山区'], ['本溪市明山区人民法院', '明山区'], ['本溪市溪湖区人民法院', '溪湖区']] as const;
const courts = COURTS.map(([name]) => ({ name }));
const SURNAMES = ['张', '王', '李'];
const GIVEN = ['伟', '芳', '娜', '秀英', '建国', '伟明'];
const COMPANIES = ['宏达', '兴业', '鑫源'];
const DATES = ['2025-03-10', '2025-09-01', '2026-01-15', '2026-11-20'];

/** What a generated entry is made of; `n` makes its id, case number and ID number its own. */
interface Spec {
  person: boolean;
  name: number;
  court: number;
  date: number;
  age: number;
  behaviour: number;
}
const spec: fc.Arbitrary<Spec> = fc.record({
  person: fc.nat({ max: 6 }).map((n) => n > 0),
  name: fc.nat({ max: SURNAMES.length * GIVEN.length - 1 }),
  court: fc.nat({ max: COURTS.length - 1 }),
  date: fc.nat({ max: DATES.length - 1 }),
  age: fc.integer({ min: 20, max: 70 }),
  behaviour: fc.integer({ min: 1, max: 3 }),
});

function entryOf(n: number, s: Spec): PublishedEntry {
  const [court, district] = COURTS[s.court]!;
  const id = `e-${String(n).padStart(3, '0')}`;
  const caseNumber = `(2024)辽050${2 + s.court}执${n}号`;
  const common = { id, court, district, caseNumber, publishedOn: DATES[s.date]!, behaviours: [s.behaviour] };
  const row = s.person
    ? personRow({ ...common, name: SURNAMES[s.name % SURNAMES.length]! + GIVEN[Math.floor(s.name / SURNAMES.length)]!, age: s.age, gender: s.age % 2 ? '男' : '女', idNumber: idNumber(s.court ? '210503' : '210502', `19${50 + (s.age % 40)}0315`, String(n % 1000).padStart(3, '0')) })
    : orgRow({ ...common, name: `本溪市${COMPANIES[s.name % COMPANIES.length]}建材有限公司`, creditCode: creditCode(`9121050${String(n).padStart(10, '0')}`) });
  return entryInputSchema.parse(row) as unknown as PublishedEntry;
}

/** One publication's changes: entries added, entries edited (a new spec), entries taken off (with a notice or, 暂停公开, without). */
interface Batch {
  add: Spec[];
  edit: { pick: number; to: Spec }[];
  remove: { pick: number; notice: boolean }[];
}
const batch: fc.Arbitrary<Batch> = fc.record({
  add: fc.array(spec, { maxLength: 12 }),
  edit: fc.array(fc.record({ pick: fc.nat(), to: spec }), { maxLength: 4 }),
  remove: fc.array(fc.record({ pick: fc.nat(), notice: fc.boolean() }), { maxLength: 6 }),
});

function noticeOf(e: PublishedEntry): GoneEntry {
  return { id: e.id, cause: 'decided', type: '屏蔽', date: '2026-11-26', court: e.court, caseNumber: e.caseNumber, decisionId: `d-${e.id}`, docNumber: '(2026)辽0502执异1号', reason: 'performed' };
}

const FILTERS: AskedFilters[] = [{}, { court: COURTS[1][0] }, { kind: 'o' }, { kind: 'p', year: 2026 }, { behaviour: 2 }];
const EXTRA_QUERIES = [...SURNAMES, ...GIVEN, '伟', '建材', '宏达建材有限公司', '本溪市兴业建材有限公司', '执1', '执12', 'zhang', 'li', 'wei', 'zw', 'wfang'];
const answers = (files: IndexFiles, queries: readonly string[]) => searchAnswers(files, queries, FILTERS);

const NO_COMPACTION = { maxHoles: 1, maxBucketGrowth: Number.POSITIVE_INFINITY, maxDelta: 1 };

describe('updating the search index for a publication', () => {
  test('after each of any sequence of batches the updated index answers every query as one built from the list, and holds nothing of what left', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 40, maxLength: 240, size: 'max' }), fc.array(batch, { minLength: 1, maxLength: 4 }), async (base, batches) => {
        let n = 0;
        let list = base.map((s) => entryOf(++n, s));
        const gone: GoneEntry[] = [];
        const left: PublishedEntry[] = [];
        let files = buildSearchIndex({ entries: list, courts });
        for (const b of batches) {
          const removed = new Set(b.remove.map((r) => list[r.pick % list.length]!.id));
          const withNotice = new Set(b.remove.filter((r) => r.notice).map((r) => list[r.pick % list.length]!.id));
          const edits = new Map(b.edit.map((e) => [list[e.pick % list.length]!.id, e.to]));
          const next: PublishedEntry[] = [];
          for (const e of list) {
            if (removed.has(e.id)) left.push(e);
            else if (edits.has(e.id)) {
              left.push(e);
              next.push(entryOf(Number(e.id.slice(2)), edits.get(e.id)!));
            } else next.push(e);
          }
          next.push(...b.add.map((s) => entryOf(++n, s)));
          const notices = list.filter((e) => withNotice.has(e.id)).map(noticeOf);
          gone.push(...notices);
          const diff = indexDiff(list, next);
          const changed = await updateSearchIndex({ ...diff, notices, courts }, async (file) => files.get(file)!, NO_COMPACTION);
          assert.ok(changed, 'updated');
          files = new Map([...files, ...changed]);
          list = next;

          const fresh = buildSearchIndex({ entries: list, gone, courts });
          const queries = [...EXTRA_QUERIES, ...queriesFor([...list, ...left])];
          assert.deepEqual(await answers(files, queries), await answers(fresh, queries));

          const all = [...files.values()].join('\n');
          const liveIds = new Set(list.map((e) => e.id));
          for (const e of left) {
            if (!list.some((l) => l.name.includes(e.name))) assert.equal(all.includes(e.name), false, `${e.name} (${e.id}) left, yet is in the index`);
            if (e.idNumberMasked && !list.some((l) => l.idNumberMasked === e.idNumberMasked)) assert.equal(all.includes(e.idNumberMasked), false, `${e.id}'s ID number`);
            if (liveIds.has(e.id)) continue;
            assert.equal(all.includes(`,"${e.id}",`), false, `a card of ${e.id}`);
            if (!gone.some((g) => g.id === e.id)) assert.equal(all.includes(`"${e.id}"`), false, `${e.id} left without a notice, yet is named`);
          }
        }
      }),
      { numRuns: Number(process.env.GONGSHI_FUZZ_RUNS ?? 0) * 10 || 40, endOnFailure: true },
    );
  });

  // A list large enough for the bucket count to matter: 1,200 entries.
  const big = Array.from({ length: 1200 }, (_, i) => entryOf(i + 1, { person: i % 7 !== 0, name: (i * 7) % 18, court: i % 3, date: i % 4, age: 20 + (i % 50), behaviour: 1 + (i % 3) }));
  const built = buildSearchIndex({ entries: big, courts });
  const differing = (a: IndexFiles, b: IndexFiles) => [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f));

  test('a batch of new entries at the top of the list rewrites far fewer files than a rebuild changes', async () => {
    const added = Array.from({ length: 10 }, (_, i) => entryOf(2000 + i, { person: true, name: i % 18, court: i % 3, date: 3, age: 30 + i, behaviour: 1 }));
    const changed = (await updateSearchIndex({ removed: [], added, courts }, async (file) => built.get(file)!))!;
    const rebuilt = differing(built, buildSearchIndex({ entries: [...added, ...big], courts }));
    assert.ok(changed.size * 10 < rebuilt.length, `an update rewrote ${changed.size} files; a rebuild changes ${rebuilt.length} of ${built.size}`);
    assert.ok([...changed.keys()].filter((f) => f.startsWith('cards/')).length <= 1, 'only the last card shard');
  });

  test('an update is refused, for a build anew, when the courts changed or holes would pass a quarter of the slots', async () => {
    const read = async (file: string) => built.get(file)!;
    assert.equal(await updateSearchIndex({ removed: [], added: [], courts: [...courts].reverse() }, read), null);
    assert.ok(await updateSearchIndex({ removed: big.slice(0, 290), added: [], courts }, read), 'under a quarter: updated');
    assert.equal(await updateSearchIndex({ removed: big.slice(0, 310), added: [], courts }, read), null);
  });

  test('cards appended since the build are rebuilt into the base once they pass half of the slots', async () => {
    const more = (from: number, count: number) => Array.from({ length: count }, (_, i) => entryOf(from + i, { person: true, name: i % 18, court: i % 3, date: 3, age: 30 + (i % 40), behaviour: 1 }));
    const read = async (file: string) => built.get(file)!;
    assert.ok(await updateSearchIndex({ removed: [], added: more(3000, 1100), courts }, read), 'under half: updated');
    assert.equal(await updateSearchIndex({ removed: [], added: more(3000, 1300), courts }, read), null);
  });
});
