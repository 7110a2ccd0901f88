// The hidden-party checks with each entry's texts read beforehand (entryTexts, kept with the
// batch's read) find exactly what a straightforward search finds: generated published entries
// and cases carry hidden parties' names, ID numbers, masked numbers, credit codes and legal
// representatives in disguise (scenario.ts transform), beside namesakes and longer names that
// contain them. The reference below compares every hidden string with every reading of every
// value by indexOf; it shares only the reader-text normalisation with the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import fc from 'fast-check';
import { entryInputSchema, ENTRY_LABELS } from '../../scripts/lib/schema/entry.ts';
import { caseSchema, CASE_LABELS, type PublicityCase } from '../../scripts/lib/schema/case.ts';
import type { MeasureCatalog } from '../../scripts/lib/schema/measure.ts';
import type { PublishedEntry } from '../../scripts/lib/publish-state.ts';
import { entryTexts, findHiddenMentions, hiddenParty, preparedEntries, rawHiddenParty, withholdHiddenMentions, withoutPublicCollisions, type HiddenMention, type PreparedEntry, type SensitiveRecord } from '../../scripts/lib/hidden-parties.ts';
import { comparable, folded, joinGroups, readerTextOfFile } from '../../scripts/lib/reader-text.ts';
import { renderCaseMarkdown } from '../../scripts/lib/markdown.ts';
import { findReadableIdNumbers } from '../../scripts/lib/shared/rules/id-number.ts';
import { PinyinMemo } from '../../scripts/lib/pinyin.ts';
import { transform, TRANSFORMS, type Transform } from '../property/scenario.ts';
import { creditCode, idNumber, orgRow, personRow } from '../fixtures/unit/records.ts';

// ------------------------------------------------------------------ the reference

const FIXED = new Set(['kind', 'gender', 'age', 'performance', 'behaviours', 'filedOn', 'publishedOn', 'listingEndsOn', 'date', 'category']);
const OWN = ['id', 'name', 'legalRepresentative', 'idNumberMasked', 'creditCode'];
const DETAILS = ['obligation', 'performedPart', 'unperformedPart'];
type Rec = Record<string, unknown>;
const isString = (v: unknown): v is string => typeof v === 'string';

function at(text: string, s: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 1)) found.push(i);
  return found;
}

const readingsOf = (v: string) => (/[<&%\\]/.test(v) ? [comparable(v), folded(joinGroups(readerTextOfFile(v, { fold: false })))] : [comparable(v)]);

function holdsFullIdNumber(v: string, codes: ReadonlySet<string>): boolean {
  return (v.match(/[0-9\uFF10-\uFF19]/g)?.length ?? 0) >= 17 && findReadableIdNumbers(readerTextOfFile(v, { fold: false }), codes).length > 0;
}

function referenceMentions(hidden: readonly SensitiveRecord[], entries: readonly Rec[], cases: readonly PublicityCase[]): HiddenMention[] {
  const codes = new Set(entries.map((e) => e.creditCode).filter(isString));
  const names = [...new Set(entries.flatMap((e) => [e.name, e.legalRepresentative].filter(isString).map(comparable)))];
  const needles = hidden.map((h) => ({ id: h.id, strings: [...new Set((h.identifying ?? h.strings).map(comparable))].filter((s) => s.length >= 2) }));
  const mentions: HiddenMention[] = [];
  const scan = (kind: HiddenMention['kind'], id: string, record: Rec, skip: readonly string[], labels: Record<string, string>) => {
    const byField = new Map<string, Set<string>>();
    for (const [field, value] of Object.entries(record)) {
      if (FIXED.has(field) || skip.includes(field)) continue;
      for (const v of isString(value) ? [value] : Array.isArray(value) ? value.filter(isString) : []) {
        if (holdsFullIdNumber(v, codes)) {
          mentions.push({ kind, id, field, fieldLabel: labels[field] ?? field, hiddenIds: [], fullIdNumber: true });
          continue;
        }
        for (const reading of readingsOf(v)) {
          for (const { id: hiddenId, strings } of needles) {
            for (const s of strings) {
              for (const start of at(reading, s)) {
                // Inside a longer published name: that name, not a mention.
                if (names.some((n) => n.length > s.length && at(reading, n).some((p) => p <= start && start + s.length <= p + n.length))) continue;
                if (!byField.has(field)) byField.set(field, new Set());
                byField.get(field)!.add(hiddenId);
              }
            }
          }
        }
      }
    }
    for (const [field, ids] of byField) mentions.push({ kind, id, field, fieldLabel: labels[field] ?? field, hiddenIds: [...ids].sort() });
  };
  for (const e of entries) scan('entry', String(e.id), e, OWN, ENTRY_LABELS);
  for (const c of cases) scan('case', c.slug, { ...c, body: renderCaseMarkdown(c.body) }, [], CASE_LABELS);
  return mentions;
}

/** Withholding to a fixed point: what a round withholds is hidden in the next. */
function referenceWithhold(
  round: readonly SensitiveRecord[],
  entries: readonly PublishedEntry[],
  cases: readonly PublicityCase[],
  done: { mentions: HiddenMention[]; newlyHidden: SensitiveRecord[] } = { mentions: [], newlyHidden: [] },
  first = true,
): { entries: PublishedEntry[]; cases: PublicityCase[]; mentions: HiddenMention[]; newlyHidden: SensitiveRecord[] } {
  const found = first || round.length ? referenceMentions(round, entries, cases) : [];
  if (found.length === 0) return { entries: [...entries], cases: [...cases], ...done };
  const named = (kind: HiddenMention['kind'], id: string) => found.some((m) => m.kind === kind && m.id === id);
  const withheld = entries.filter((e) => named('entry', e.id)).map((e) => hiddenParty(e.id, 'withheld', e));
  const next = { mentions: [...done.mentions, ...found], newlyHidden: [...done.newlyHidden, ...withheld] };
  return referenceWithhold(withheld, entries.filter((e) => !named('entry', e.id)), cases.filter((c) => !named('case', c.slug)), next, false);
}

function referenceCollisions(records: readonly SensitiveRecord[], entries: readonly Rec[], measures: MeasureCatalog, pinyin: PinyinMemo): SensitiveRecord[] {
  const identifying = new Set(records.flatMap((r) => (r.identifying ?? r.strings).map(comparable)));
  const anything = records.some((r) => r.strings.some((s) => comparable(s).length >= 2) || (r.identifying ?? []).some((s) => comparable(s).length >= 2));
  const values: { text: string; own: boolean }[] = [];
  if (anything) {
    for (const e of entries) {
      for (const field of OWN) if (isString(e[field])) values.push({ text: comparable(e[field]), own: true });
      const joined = pinyin.of(e as { name: string; kind: 'person' | 'org' });
      if (joined) values.push({ text: joined, own: true });
      for (const field of DETAILS) if (isString(e[field])) values.push({ text: comparable(e[field]), own: false });
    }
    for (const g of measures.groups) for (const m of g.measures) for (const t of [m.title, m.text, ...m.responsibleUnits]) values.push({ text: comparable(t), own: true });
  }
  const shown = (c: string) => c.length >= 2 && values.some((v) => (v.own || !identifying.has(c)) && v.text.includes(c));
  return records.map((r) => ({ ...r, strings: [...new Set(r.strings)].filter((s) => !shown(comparable(s))) }));
}

// ------------------------------------------------------------------ generated parties and texts

// Few characters, so that names collide, and hidden names stand inside longer published ones.
const SURNAMES = ['张', '周', '李'];
const GIVEN = ['伟', '小', '红', '明'];
const nameArb = fc.tuple(fc.constantFrom(...SURNAMES), fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 })).map(([s, g]) => s + g.join(''));

const WHATS = ['name', 'name', 'idNumber', 'masked', 'creditCode', 'legalRepresentative'] as const;
type Segment = { filler: string } | { party: number; what: (typeof WHATS)[number]; how: Transform | 'entity'; variant: number };
const segmentArb: fc.Arbitrary<Segment> = fc.oneof(
  fc.record({ filler: fc.constantFrom('偿还借款', '向', '支付货款', '元', '及利息，', '2024年3月5日', '人民币51425.78元', '<b>', '&amp;', '%E5%BC%A0', '张伟明', '2105 0219-8503.1527/15') }),
  fc.record({ party: fc.nat(), what: fc.constantFrom(...WHATS), how: fc.constantFrom<Transform | 'entity'>(...TRANSFORMS, 'entity'), variant: fc.nat(5) }),
);
const textArb = fc.array(segmentArb, { minLength: 1, maxLength: 5 });

const partyArb = fc.record({
  kind: fc.constantFrom('person', 'person', 'org'),
  name: nameArb,
  representative: nameArb,
  sequence: fc.integer({ min: 100, max: 999 }),
  hidden: fc.boolean(),
  /** An organisation's credit code that passes as an ID number: public, not a full ID number, where published. */
  idLikeCode: fc.boolean(),
  obligation: textArb,
  performedPart: fc.option(textArb, { nil: undefined }),
  basisIssuer: fc.option(textArb, { nil: undefined }),
  /** The batch's file name, set on each run: may hold anything. */
  sourceFile: fc.option(textArb, { nil: undefined }),
  /** The published record's obligation differs from the one its texts were made from. */
  stale: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: textArb, weight: 1 }),
});

const scenarioArb = fc.record({
  parties: fc.array(partyArb, { minLength: 1, maxLength: 7 }),
  raw: fc.option(fc.record({ name: nameArb, obligation: textArb }), { nil: undefined }),
  cases: fc.array(fc.record({ title: textArb, summary: textArb, body: textArb, related: fc.array(textArb, { maxLength: 2 }) }), { maxLength: 2 }),
  measure: textArb,
  /** Parties whose name's pinyin the memo already holds (publish.ts hands over the live state's). */
  remembered: fc.array(fc.nat(), { maxLength: 3 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function materialise(s: Scenario) {
  const parsed = s.parties.map((p, i) => {
    const row =
      p.kind === 'person'
        ? personRow({ id: `p-${i}`, name: p.name, idNumber: idNumber('210502', `19${50 + (p.sequence % 40)}0101`, String(p.sequence)) })
        : orgRow({ id: `o-${i}`, name: `${p.name}商贸有限公司`, legalRepresentative: p.representative, creditCode: creditCode(`91210502MA0Y${p.sequence}K2`) });
    const entry = entryInputSchema.parse(row);
    return p.kind === 'org' && p.idLikeCode ? { ...entry, creditCode: idNumber('210503', '19700101', String(p.sequence)) } : entry;
  });
  const valueOf = (party: number, what: (typeof WHATS)[number]): string => {
    const e = parsed[party % parsed.length]!;
    const full = s.parties[party % parsed.length]!.kind === 'person' ? idNumber('210502', `19${50 + (s.parties[party % parsed.length]!.sequence % 40)}0101`, String(s.parties[party % parsed.length]!.sequence)) : undefined;
    return ({ name: e.name, idNumber: full, masked: e.idNumberMasked, creditCode: e.creditCode, legalRepresentative: e.legalRepresentative } as Record<string, string | undefined>)[what] ?? e.name;
  };
  const write = (segments: Segment[], markdown = false) =>
    segments
      .map((g) => {
        if ('filler' in g) return g.filler;
        const value = valueOf(g.party, g.what);
        return g.how === 'entity' ? `&#${value.codePointAt(0)};${value.slice(1)}` : transform(value, g.how, markdown, g.variant);
      })
      .join('');
  // Values are set on the validated entries directly: the checks read whatever a record holds.
  const entries = parsed.map((e, i) => {
    const p = s.parties[i]!;
    return { ...e, obligation: write(p.obligation), ...(p.performedPart ? { performedPart: write(p.performedPart) } : {}), ...(p.basisIssuer ? { basisIssuer: write(p.basisIssuer) } : {}) };
  });
  const hidden: SensitiveRecord[] = entries.flatMap((e, i) => (s.parties[i]!.hidden ? [hiddenParty(e.id, 'withheld', e)] : []));
  if (s.raw) hidden.push(rawHiddenParty('raw-1', { name: s.raw.name, obligation: write(s.raw.obligation), idNumber: valueOf(0, 'idNumber') }));
  // As the read cache hands them over: made from the entry as read, through v8.
  const rows: PreparedEntry[] = v8.deserialize(v8.serialize(entries.map((entry) => ({ entry, texts: entryTexts(entry) }))));
  const published: PublishedEntry[] = entries.flatMap((entry, i) => {
    const p = s.parties[i]!;
    if (p.hidden) return [];
    const { disclose: _d, bornOn: _b, ...rest } = entry;
    return [{ ...rest, ...(p.stale ? { obligation: write(p.stale) } : {}), sourceFile: p.sourceFile ? write(p.sourceFile) : 'a.jsonl', sourceSha256: 'ab'.repeat(32), receivedOn: '2026-11-26' }];
  });
  const cases = s.cases.map((c, i) => ({
    ...caseSchema.parse({ slug: `case-${i}`, title: '某案', date: '2025-05-01', court: '本溪市中级人民法院', category: '典型案例', summary: '摘要。', behaviours: [1], body: '正文。' }),
    title: write(c.title),
    summary: write(c.summary, true),
    body: write(c.body, true),
    relatedCaseNumbers: c.related.map((r) => write(r)),
  }));
  const measures = { source: '', groups: [{ number: 1, numeral: '一', title: '限制', measures: [{ id: '1.1', title: '限制乘坐飞机', text: write(s.measure), appliesTo: ['自然人'], responsibleUnits: ['民航局'], unitsAsPrinted: ['民航局'] }] }] } as unknown as MeasureCatalog;
  const memo = () => new PinyinMemo(s.remembered.map((i) => s.parties[i % s.parties.length]!.name).map((n) => [n, `remembered-${n}`]));
  return { hidden, published, cases, measures, prepared: preparedEntries(rows), memo };
}

test('with or without each entry\'s texts read beforehand, the hidden-party checks find what a search of every hidden string in every value finds', () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const { hidden, published, cases, measures, prepared, memo } = materialise(s);
      const expected = referenceMentions(hidden, published, cases);
      assert.deepStrictEqual(findHiddenMentions(hidden, published, cases, prepared), expected);
      assert.deepStrictEqual(findHiddenMentions(hidden, published, cases), expected);

      const hide = (e: PublishedEntry) => hiddenParty(e.id, 'withheld', e);
      const screened = withholdHiddenMentions(hidden, published, cases, hide, prepared);
      const reference = referenceWithhold(hidden, published, cases);
      assert.deepStrictEqual(screened, reference);
      assert.deepStrictEqual(withholdHiddenMentions(hidden, published, cases, hide), reference);

      const all = [...hidden, ...screened.newlyHidden];
      const [withTexts, without, referenceMemo] = [memo(), memo(), memo()];
      const forVerify = referenceCollisions(all, screened.entries, measures, referenceMemo);
      assert.deepStrictEqual(withoutPublicCollisions(all, screened.entries, measures, withTexts, prepared), forVerify);
      assert.deepStrictEqual(withoutPublicCollisions(all, screened.entries, measures, without), forVerify);
      // publish.ts keeps the memo's pinyin for the next publication: filled alike.
      assert.deepStrictEqual(withTexts.known, referenceMemo.known);
      assert.deepStrictEqual(without.known, referenceMemo.known);
    }),
    { numRuns: 300 },
  );
});
