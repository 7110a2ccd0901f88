import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildSearchIndex, searchIndexFiles, updateSearchIndex, type IndexFiles } from '../../scripts/lib/search/index-build.ts';
import { writeSearchIndex } from '../../scripts/lib/search/index-files.ts';
import { SearchIndex, type Filters } from '../../scripts/lib/shared/search/engine.ts';
import { planQuery } from '../../scripts/lib/shared/search/query.ts';
import { C, INLINE_CARDS, PAGE, bucketOf, bucketPath } from '../../scripts/lib/shared/search/format.ts';
import { searchTokensOf } from '../../scripts/lib/search/tokens.ts';
import { entryInputSchema } from '../../scripts/lib/schema/entry.ts';
import type { GoneEntry, PublishedEntry } from '../../scripts/lib/publish-state.ts';
import { creditCode, idNumber, orgRow, personRow } from '../fixtures/unit/records.ts';

const person = (id: string, name: string, serial: number, overrides: Record<string, unknown> = {}) =>
  entryInputSchema.parse(personRow({ id, name, caseNumber: `(2024)辽0502执${serial}号`, idNumber: idNumber('210502', '19850315', String(serial % 1000).padStart(3, '0')), ...overrides })) as unknown as PublishedEntry;

const COMMON = INLINE_CARDS + 15;
const entries: PublishedEntry[] = [
  person('zw-1', '张伟', 1),
  person('zw-2', '张伟', 2, { court: '本溪市明山区人民法院', district: '明山区', caseNumber: '(2024)辽0504执2号' }),
  person('zwm', '张伟明', 3),
  person('ay-1', '阿依古丽·买买提', 4, { gender: '女' }),
  person('ay-2', '阿依古丽·丽买买提', 5, { gender: '女' }),
  ...Array.from({ length: COMMON }, (_, i) => person(`ln-${i}`, '李娜', 100 + i, { gender: '女' })),
  entryInputSchema.parse(orgRow({ id: 'org-1', name: '本溪市宏达建筑工程有限公司', creditCode: creditCode('91210502MA0Y3D8K2') })) as unknown as PublishedEntry,
];
const courts = [{ name: '本溪市平山区人民法院' }, { name: '本溪市明山区人民法院' }, { name: '本溪市溪湖区人民法院' }];

/** An in-memory index, counting the files a query fetches. */
function open(files: IndexFiles) {
  const fetched: string[] = [];
  const index = SearchIndex.open(async (file) => {
    fetched.push(file);
    const text = files.get(file);
    return text === undefined ? null : JSON.parse(text);
  });
  return { index, fetched };
}

async function ids(files: IndexFiles, query: string, filters: Filters = {}): Promise<string[]> {
  const index = await open(files).index;
  const results = await index.answer(planQuery(query), filters);
  return (await index.cards(results, 0, results.total)).map((c) => c[C.id]).sort();
}

describe('the entry search index', () => {
  const files = buildSearchIndex({ entries, courts });

  test('a rare name is answered by one bucket file with its cards inline', async () => {
    const { index, fetched } = open(files);
    const opened = await index;
    fetched.length = 0;
    const results = await opened.search(planQuery('张伟明').lookups, {});
    const cards = await opened.cards(results, 0, PAGE);
    assert.deepEqual(cards.map((c) => c[C.id]), ['zwm']);
    assert.equal(fetched.length, 1, fetched.join());
    assert.match(fetched[0]!, /^t\/\d+\.json$/);
  });

  test('a name finds exactly the names containing it, the exact name first', async () => {
    const index = await open(files).index;
    const results = await index.search(planQuery('张伟').lookups, {});
    assert.deepEqual((await index.cards(results, 0, PAGE)).map((c) => c[C.id]), ['zw-1', 'zw-2', 'zwm']);
    assert.deepEqual(await ids(files, '伟明'), ['zwm']);
    assert.deepEqual(await ids(files, '张明'), []);
  });

  test('a common name lists every match: the best page inline, the rest from card shards', async () => {
    const found = await ids(files, '李娜');
    assert.equal(found.length, COMMON);
    const { index, fetched } = open(files);
    const opened = await index;
    const results = await opened.search(planQuery('lina').lookups, {});
    assert.equal(results.total, COMMON);
    fetched.length = 0;
    await opened.cards(results, 0, PAGE);
    assert.deepEqual(fetched, [], 'the first page came with the lookup');
    assert.equal((await opened.cards(results, PAGE, COMMON)).length, COMMON - PAGE);
  });

  test('a name longer than four characters is checked against the whole name', async () => {
    assert.deepEqual(await ids(files, '阿依古丽·买买提'), ['ay-1']);
    assert.deepEqual(await ids(files, '阿依古丽买买提'), ['ay-1']);
    assert.deepEqual(await ids(files, '阿依古丽'), ['ay-1', 'ay-2']);
    assert.deepEqual(await ids(files, '宏达建筑工程'), ['org-1']);
  });

  test('filters apply to inline cards and to the attributes of common tokens alike', async () => {
    assert.deepEqual(await ids(files, '张伟', { court: 1 }), ['zw-2']);
    assert.deepEqual(await ids(files, '李娜', { court: 1 }), []);
    assert.equal((await ids(files, '李娜', { court: 0, kind: 'p', year: 2025 })).length, COMMON);
    assert.deepEqual(await ids(files, '', { kind: 'o' }), ['org-1'], 'browsing by filter alone');
  });

  test('identifiers match whole: case number, serial, masked ID and credit code', async () => {
    assert.deepEqual(await ids(files, '(2024)辽0502执3号'), ['zwm']);
    assert.deepEqual(await ids(files, '执3'), ['zwm']);
    assert.deepEqual(await ids(files, idNumber('210502', '19850315', '003')), ['zwm']);
    assert.deepEqual(await ids(files, '张伟 ' + idNumber('210502', '19850315', '003')), ['zwm'], 'name AND ID');
    assert.deepEqual(await ids(files, '李娜 ' + idNumber('210502', '19850315', '003')), [], 'someone else\'s ID');
    assert.deepEqual(await ids(files, creditCode('91210502MA0Y3D8K2')), ['org-1']);
  });
});

/** The removal notices a query answers with: [id, case number] of each. */
async function removals(files: IndexFiles, query: string): Promise<string[][]> {
  const index = await open(files).index;
  return (await index.removalNotices(planQuery(query).removalTokens)).map((n) => [n[0], n[1]]);
}

const noticeOf = (e: PublishedEntry, date = '2026-10-01'): GoneEntry => ({ id: e.id, cause: 'decided', type: '屏蔽', date, court: e.court, caseNumber: e.caseNumber, decisionId: `d-${e.id}`, docNumber: '(2026)辽0502执异1号', reason: 'performed' });

describe('removal notices in the index', () => {
  const delisted = person('gone-1', '王秀英', 7413, { caseNumber: '(2018)辽0503执7413号', court: '本溪市溪湖区人民法院', district: '溪湖区' });
  const files = buildSearchIndex({ entries, gone: [noticeOf(delisted)], courts });

  test('a gone entry\'s case number, with or without its year, or its id leads to its notice and nothing else', async () => {
    for (const q of ['(2018)辽0503执7413号', '2018辽0503执7413', '辽0503执7413', '0503执7413号', 'gone-1', 'GONE-1']) {
      assert.deepEqual(await removals(files, q), [['gone-1', '(2018)辽0503执7413号']], q);
      assert.deepEqual(await ids(files, q), [], q);
    }
    for (const q of ['辽0503执74130', '0503执741', '吉0503执7413', '执7413', '王秀英 (2018)辽0503执7413号']) assert.deepEqual(await removals(files, q), [], q);
  });

  test('the index holds no name or ID of a gone entry, only what its notice shows', () => {
    const all = [...files.values()].join('\n');
    for (const secret of [delisted.name, delisted.idNumberMasked!, 'wangxiuying', 'wxy']) assert.equal(all.includes(secret), false, secret);
    assert.ok(all.includes('gone-1'));
  });

  test('a live entry is found by its id and by its case number without the year', async () => {
    assert.deepEqual(await ids(files, 'zw-2'), ['zw-2']);
    assert.deepEqual(await ids(files, 'ZW-2'), ['zw-2']);
    assert.deepEqual(await ids(files, '辽0504执2'), ['zw-2']);
    assert.deepEqual(await ids(files, '0504执2号'), ['zw-2']);
    assert.deepEqual(await ids(files, '0502执3'), ['zwm']);
    assert.deepEqual(await ids(files, '0502执30'), [], 'no near miss');
    assert.deepEqual(await ids(files, '吉0502执3'), [], 'another province');
  });
});

describe('removing entries from a built index', () => {
  const files = buildSearchIndex({ entries, courts });
  const gone = [entries.find((e) => e.id === 'zwm')!, entries.find((e) => e.id === 'ln-3')!, entries.find((e) => e.id === 'org-1')!];
  const patched = async (notices: GoneEntry[] = []) => {
    const changed = (await updateSearchIndex({ removed: gone, added: [], notices, courts }, async (file) => files.get(file)!, { maxHoles: 1 }))!;
    return { changed, after: new Map([...files, ...changed]) };
  };

  test('a removed entry\'s case number and id then lead to its notice, as in a full build with it gone', async () => {
    const notices = gone.map((e, i) => noticeOf(e, `2026-10-0${i + 1}`));
    const { after } = await patched(notices);
    const fresh = buildSearchIndex({ entries: entries.filter((e) => !gone.includes(e)), gone: notices, courts });
    for (const e of gone) {
      // An id of letters alone (zwm) reads as pinyin initials only; the others may be ids.
      for (const q of [e.caseNumber, e.caseNumber.replace(/^\(\d{4}\)/, ''), ...(/[-_\d]/.test(e.id) ? [e.id] : [])]) {
        assert.deepEqual(await removals(after, q), [[e.id, e.caseNumber]], q);
        assert.deepEqual(await removals(after, q), await removals(fresh, q), q);
      }
    }
    // Patched twice (the same delisting run again): still one notice each.
    const again = (await updateSearchIndex({ removed: gone, added: [], notices, courts }, async (file) => after.get(file)!, { maxHoles: 1 }))!;
    assert.deepEqual(await removals(new Map([...after, ...again]), 'ln-3'), [['ln-3', gone[1]!.caseNumber]]);
    for (const [file, text] of after) assert.equal(text.includes('张伟明'), false, `the removed name is in ${file}`);
  });

  test('a removed entry is found by nothing: name, pinyin, initials, case number, ID or credit code', async () => {
    const { after } = await patched();
    for (const q of ['张伟明', 'zhangweiming', 'zwm', '(2024)辽0502执3号', '执3', idNumber('210502', '19850315', '003'), '2105021985', '宏达', creditCode('91210502MA0Y3D8K2')]) {
      const found = await ids(after, q);
      for (const e of gone) assert.equal(found.includes(e.id), false, `${q} → ${e.id}`);
    }
    assert.equal((await ids(after, '李娜')).length, COMMON - 1);
    assert.deepEqual(await ids(after, '张伟'), ['zw-1', 'zw-2']);
  });

  test('the patched index answers every query as a fresh build without the entries does', async () => {
    const { after } = await patched();
    const fresh = buildSearchIndex({ entries: entries.filter((e) => !gone.includes(e)), courts });
    for (const q of ['张伟', '张', '李娜', 'lina', 'ln', '阿依古丽', '执3', '执100', '2105021985']) {
      assert.deepEqual(await ids(after, q), await ids(fresh, q), q);
    }
    assert.deepEqual(await ids(after, '', { kind: 'p', court: 0 }), await ids(fresh, '', { kind: 'p', court: 0 }));
  });

  test('only the files holding the removed entries change, and their cards are gone from them', async () => {
    const { changed } = await patched();
    const manifest = JSON.parse(files.get('manifest.json')!) as { buckets: number };
    const expected = new Set(['manifest.json', 'attrs.json', 'order.json', 'cards/0.json', ...gone.flatMap((e) => searchTokensOf(e).map((t) => bucketPath(bucketOf(t, manifest.buckets))))]);
    assert.deepEqual([...changed.keys()].filter((f) => !expected.has(f)), []);
    for (const text of changed.values()) for (const e of gone) assert.equal(text.includes(`"${e.id}"`), false, e.id);
    assert.equal(JSON.parse(changed.get('manifest.json')!).live, entries.length - gone.length);
  });
});

describe('writing a new index', () => {
  test('each file is written as the index makes it: the files are never all in memory at once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-index-'));
    try {
      const name = (i: number) => `t/${i}.json`;
      // A writer may hold a few files back, never the index: what came 128 files before file k is on disk when k is made.
      function* made(): Generator<[string, string]> {
        for (let k = 0; k < 300; k++) {
          if (k >= 128) assert.ok(existsSync(path.join(dir, name(k - 128))), `file ${k - 128} not yet written when file ${k} was made`);
          yield [name(k), '{}'];
        }
      }
      const { files } = await writeSearchIndex(dir, made());
      assert.equal(files, 300);
      assert.equal((await readdir(path.join(dir, 't'))).length, 300);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the files written are those of the built index, and the cards counted are the entries indexed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gongshi-index-'));
    try {
      const built = buildSearchIndex({ entries, courts });
      const { files, cards } = await writeSearchIndex(dir, searchIndexFiles({ entries, courts }));
      assert.equal(cards, entries.length);
      assert.equal(files, built.size);
      for (const [file, text] of built) assert.equal(await readFile(path.join(dir, file), 'utf8'), text, file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
