// withSources (build-state.ts) returns an entry as it is when its kept source is the one it
// already carries. Property: whatever the entry's and the kept provenance (signed or not, equal
// or not, odd keys), the entries and sources are those of building every entry anew, key order
// included (the state's files and the exports serialise them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { withSources, type ChangeEvent, type EntrySource } from '../../scripts/lib/build-state.ts';
import type { PublishedEntry, PublishState } from '../../scripts/lib/publish-state.ts';
import { entrySourcesPath, layoutOf, readEntrySources, writeEntrySources } from '../../scripts/lib/release.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const runs = Number(process.env.GONGSHI_PROPERTY_RUNS ?? 200);

/** withSources as it was before entries could be returned as they are: every kept source spread anew. */
function reference(state: PublishState, events: readonly ChangeEvent[], kept: ReadonlyMap<string, EntrySource>) {
  const changed = new Set(events.filter((e) => e.op !== 'DEL').map((e) => e.entryId));
  const sources = new Map<string, EntrySource>();
  const entries = state.entries.map((entry) => {
    const own = kept.get(entry.id);
    if (own && !changed.has(entry.id)) {
      sources.set(entry.id, own);
      const { signedBy: _, ...rest } = entry;
      return { ...rest, ...own };
    }
    if (entry.sourceFile && entry.sourceSha256 && entry.receivedOn) {
      sources.set(entry.id, { sourceFile: entry.sourceFile, sourceSha256: entry.sourceSha256, receivedOn: entry.receivedOn, ...(entry.signedBy ? { signedBy: entry.signedBy } : {}) });
    }
    return entry;
  });
  return { state: { ...state, entries }, sources };
}

const fileArb = fc.constantFrom('a.jsonl', 'b.csv');
const shaArb = fc.constantFrom('aa', 'bb');
const dayArb = fc.constantFrom('2026-11-26', '2026-11-27');
const courtArb = fc.constantFrom('本溪市平山区人民法院', '本溪市溪湖区人民法院');
/** An entry's provenance as the load sets it, or pieces of it (tests build states by hand too). */
const provenanceArb = fc.record({ sourceFile: fileArb, sourceSha256: shaArb, signedBy: courtArb, receivedOn: dayArb }, { requiredKeys: [] });
/** A kept source as sources.json holds it, now and then with a key of another version of the code. */
const keptArb = fc.record({ sourceFile: fileArb, sourceSha256: shaArb, signedBy: fc.option(courtArb, { nil: undefined }), receivedOn: dayArb, extra: fc.option(fc.constant('x'), { nil: undefined }) })
  .map(({ signedBy, extra, ...rest }) => ({ ...rest, ...(signedBy !== undefined ? { signedBy } : {}), ...(extra !== undefined ? { note: extra } : {}) }) as EntrySource);

/** Often the kept source is the entry's own (the common day), signed or not. */
const caseArb = fc.array(fc.record({ provenance: provenanceArb, kept: fc.option(fc.oneof(fc.constant('own' as const), fc.constant('own, signed' as const), keptArb), { nil: undefined }), changed: fc.boolean() }), { maxLength: 8 });

function keptOf(provenance: Partial<EntrySource>, kept: EntrySource | 'own' | 'own, signed'): EntrySource {
  if (typeof kept !== 'string') return kept;
  const { sourceFile = 'a.jsonl', sourceSha256 = 'aa', receivedOn = '2026-11-26' } = provenance;
  return { sourceFile, sourceSha256, receivedOn, ...(kept === 'own, signed' ? { signedBy: provenance.signedBy ?? '本溪市平山区人民法院' } : {}) };
}

test('an entry whose kept source is the one it carries is returned as it is: entries and sources equal building each anew, key order included', () => {
  fc.assert(
    fc.property(caseArb, (cases) => {
      const entries = cases.map(({ provenance }, i) => ({ id: `p-${i}`, name: '赵建国', ...provenance, court: '本溪市平山区人民法院' }) as unknown as PublishedEntry);
      const kept = new Map(cases.flatMap((c, i) => (c.kept ? [[`p-${i}`, keptOf(c.provenance, c.kept)] as const] : [])));
      const events = cases.flatMap((c, i) => (c.changed ? [{ seq: i + 1, op: 'MOD', entryId: `p-${i}` } as ChangeEvent] : []));
      const state = { entries } as unknown as PublishState;
      const got = withSources(state, events, kept);
      const want = reference(state, events, kept);
      assert.equal(JSON.stringify(got.state.entries), JSON.stringify(want.state.entries));
      assert.deepStrictEqual(got.state.entries, want.state.entries);
      assert.deepStrictEqual(got.sources, want.sources);
    }),
    { numRuns: runs },
  );
});

test('the entry sources read back from their file are those written, key order included, and a file of the first layout is still read', async (t) => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'gongshi-sources-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const layout = layoutOf(out);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), keptArb), { maxLength: 30 }), async (pairs) => {
      const sources = new Map(pairs);
      await writeEntrySources(layout, sources);
      const read = await readEntrySources(layout);
      assert.deepStrictEqual(read, sources);
      assert.deepEqual([...read].map(([id, s]) => [id, JSON.stringify(s)]), [...sources].map(([id, s]) => [id, JSON.stringify(s)]));
      await writeFile(entrySourcesPath(layout), JSON.stringify(Object.fromEntries(sources)));
      assert.deepStrictEqual(new Map([...(await readEntrySources(layout))].sort()), new Map([...sources].sort()));
    }),
    { numRuns: 100 },
  );
});
